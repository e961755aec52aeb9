using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.Lifecycle.Evaluation;

/// <summary>Computes roll-up attributes of an organisation from its people.</summary>
internal static class Rollups
{
    public static void Apply(EntityState org, IReadOnlyList<EntityState> people, EvaluationPass pass)
    {
        foreach (var plan in pass.Plan.Rollups)
        {
            var r = plan.Rollup;
            var filter = plan.Filter;
            var source = plan.SourceSlot;
            double sum = 0, min = double.MaxValue, max = double.MinValue;
            var n = 0;
            for (var i = 0; i < people.Count; i++)
            {
                var p = people[i];
                if (filter is not null && !filter(pass.Scope(p, DateTimeOffset.MinValue)))
                {
                    continue;
                }

                if (r.Function == RollupFunction.Count)
                {
                    n++;
                    continue;
                }

                var v = p.Kind == EntityKind.Person ? p.Attributes.Get(source) : p.Get(r.Source!);
                if (v.Kind != ValueKind.Number)
                {
                    continue;
                }

                var x = v.AsNumber;
                sum += x;
                min = Math.Min(min, x);
                max = Math.Max(max, x);
                n++;
            }

            var value = r.Function switch
            {
                RollupFunction.Count => AttributeValue.Of(n),
                _ when n == 0 => r.Function == RollupFunction.Sum ? AttributeValue.Of(0d) : AttributeValue.None,
                RollupFunction.Sum => AttributeValue.Of(sum),
                RollupFunction.Avg => AttributeValue.Of(sum / n),
                RollupFunction.Min => AttributeValue.Of(min),
                _ => AttributeValue.Of(max),
            };
            // Set by slot: setting no value removes the attribute.
            org.Attributes.Set(plan.TargetSlot, value);
        }

    }
}
