using Trig.Crm.Lifecycle.Criteria;
using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.Engine.Insights;

/// <summary>
/// Parses a retention outcome (one condition of the criteria language, e.g. <c>subscription_status = active</c>) and
/// checks the names it reads against the organisation schema and the definitions, as <c>trig validate</c> would.
/// </summary>
internal static class OutcomeCriteria
{
    public static Criterion Parse(string text, DefinitionSet set)
    {
        Criterion c;
        try
        {
            c = ConditionParser.Parse(text);
        }
        catch (CriteriaSyntaxException ex)
        {
            throw new InsightsRequestException($"outcome:1:{ex.Offset + 1}: {ex.Message}");
        }

        if (c is Occurred o)
        {
            return set.Schema.Events.Contains(o.Event) ? c : throw new InsightsRequestException($"outcome:1:1: unknown event '{o.Event}' (declare it under schema.events)");
        }

        switch (Left(c))
        {
            case MetadataRef m when !set.ByKey.ContainsKey(m.DefinitionKey):
                throw new InsightsRequestException($"outcome:1:1: unknown definition '{m.DefinitionKey}' in '{m.Name}'");
            case AttributeRef a when !set.Schema.Organisation.ContainsKey(a.Name) && a.Name != "owner_email":
                throw new InsightsRequestException($"outcome:1:1: unknown attribute '{a.Name}' for organisation (declare it under schema.organisation)");
            default:
                return c;
        }
    }

    /// <summary>
    /// Whether the outcome of an organisation is known: every attribute the condition reads has a value. Metadata,
    /// <c>current_stage</c> and events are always known (no value there is itself an answer).
    /// </summary>
    public static bool IsKnown(Criterion c, Lifecycle.Evaluation.EntityState organisation) =>
        Left(c) is not AttributeRef a || !organisation.Get(a.Name).IsNone || (a.Name == "owner_email" && organisation.OwnerEmail is not null);

    private static ValueRef? Left(Criterion c) => c switch
    {
        Compare x => x.Left,
        InList x => x.Left,
        Contains x => x.Left,
        RelativeDate x => x.Left,
        HasValue x => x.Left,
        _ => null,
    };
}
