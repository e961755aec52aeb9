using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.Lifecycle.Tests.Evaluation;

/// <summary>
/// A pass evaluates criteria compiled to slot reads; <see cref="Evaluator.Matches"/> walks the criteria tree by name.
/// Over random attribute values, both must agree for every condition form, on organisations and on people (who fall
/// back to their organisation's attributes).
/// </summary>
public sealed class CompiledCriteriaTests
{
    private static readonly string[] Conditions =
    [
        "plan = Premium",
        "plan != Premium",
        "plan in [Premium, Enterprise]",
        "plan not in [Enterprise]",
        "seats >= 5",
        "seats < 3",
        "arr > 1000",
        "setup_completed = true",
        "first_session_date within last 30 days",
        "renewal_date within next 60 days",
        "last_login more than 14 days ago",
        "health_status has any value",
        "tags contains vip",
        "owner_email = owner@vendor.example",
    ];

    [Fact]
    public void CompiledPass_AgreesWithTheTreeWalk_OnRandomValues()
    {
        var yaml = "cohorts:\n" + string.Concat(Conditions.Select((c, i) => $"  - key: c{i}\n    entity: {(i % 2 == 0 ? "organisation" : "person")}\n    criteria:\n      - '{c}'\n"));
        var h = new LifecycleHarness(yaml);
        var rng = new Random(29);
        var checkedCount = 0;
        for (var round = 0; round < 300; round++)
        {
            var org = LifecycleHarness.Org("o" + round);
            var person = LifecycleHarness.Person("p" + round, org.Id);
            foreach (var e in new[] { org, person })
            {
                Randomise(e, rng, h.Now);
            }

            var unit = new EvaluationUnit(org, [person]);
            h.Evaluate(unit);
            for (var i = 0; i < Conditions.Length; i++)
            {
                var d = h.Set.ByKey["c" + i];
                var entity = d.Entity == EntityKind.Organisation ? org : person;
                var expected = Evaluator.Matches(h.Set, d.Audience!, unit, entity, h.Now);
                Assert.True(expected == entity.IsIn(d.Key), $"{Conditions[i]} on {entity.Kind}: tree walk says {expected}");
                checkedCount += expected ? 1 : 0;
            }
        }

        Assert.InRange(checkedCount, 300, 300 * Conditions.Length - 300); // both outcomes were exercised
    }

    private static void Randomise(EntityState e, Random rng, DateTimeOffset now)
    {
        string[] plans = ["Premium", "premium", "Enterprise", "Free", "5"];
        Maybe(e, rng, "plan", () => AttributeValue.Of(plans[rng.Next(plans.Length)]));
        Maybe(e, rng, "seats", () => rng.Next(2) == 0 ? AttributeValue.Of(rng.Next(8)) : AttributeValue.Of(rng.Next(8).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Maybe(e, rng, "arr", () => AttributeValue.Of(rng.Next(3000)));
        Maybe(e, rng, "setup_completed", () => rng.Next(3) == 0 ? AttributeValue.Of("true") : AttributeValue.Of(rng.Next(2) == 0));
        Maybe(e, rng, "first_session_date", () => AttributeValue.Of(now.AddDays(-rng.Next(60))));
        Maybe(e, rng, "renewal_date", () => AttributeValue.Of(now.AddDays(rng.Next(-30, 120))));
        Maybe(e, rng, "last_login", () => AttributeValue.Of(now.AddDays(-rng.Next(30))));
        Maybe(e, rng, "health_status", () => AttributeValue.Of(rng.Next(2) == 0 ? "" : "ok"));
        Maybe(e, rng, "tags", () => AttributeValue.Of(rng.Next(2) == 0 ? ["vip", "x"] : ["y"]));
        Maybe(e, rng, "owner_email", () => AttributeValue.Of("owner@vendor.example"));
        e.OwnerEmail = rng.Next(3) == 0 ? "owner@vendor.example" : null;
    }

    private static void Maybe(EntityState e, Random rng, string name, Func<AttributeValue> value)
    {
        if (rng.Next(3) > 0)
        {
            e.Attributes[name] = value();
        }
        else
        {
            e.Attributes.Remove(name);
        }
    }
}
