using System.Text.Json;
using Trig.Crm.Engine.Cards;
using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Lifecycle.Metadata;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;

namespace Trig.Crm.Engine.Metadata;

/// <summary>
/// Projects memberships onto the generated metadata of LIFECYCLE.md: the properties to provision, and each
/// entity's desired values (only where the entity has a membership, so untouched records get no writes).
/// </summary>
public static class MetadataProjector
{
    public static List<MetadataProperty> Properties(DefinitionSet set, bool withSummary)
    {
        var list = new List<MetadataProperty>();
        foreach (var d in set.All)
        {
            list.Add(new MetadataProperty(d.Entity, MetadataNames.CurrentlyMemberOf(d.Key), MetadataType.Bool, $"Currently member of {d.Name}"));
            list.Add(new MetadataProperty(d.Entity, MetadataNames.LastEntered(d.Key), MetadataType.DateTime, $"Last entered {d.Name}"));
            if (d.HasCompletion)
            {
                list.Add(new MetadataProperty(d.Entity, MetadataNames.LastCompleted(d.Key), MetadataType.DateTime, $"Last completed {d.Name}"));
            }

            list.Add(new MetadataProperty(d.Entity, MetadataNames.LastExited(d.Key), MetadataType.DateTime, $"Last exited {d.Name}"));
        }

        foreach (var kind in set.All.Where(d => d.Kind == DefinitionKind.Stage).Select(d => d.Entity).Distinct())
        {
            list.Add(new MetadataProperty(kind, MetadataNames.CurrentStage, MetadataType.String, "Current stage"));
        }

        if (withSummary)
        {
            list.Add(new MetadataProperty(EntityKind.Organisation, MetadataNames.Summary, MetadataType.Memo, "Trig card summary"));
            list.Add(new MetadataProperty(EntityKind.Person, MetadataNames.Summary, MetadataType.Memo, "Trig card summary"));
        }

        return list;
    }

    /// <summary>The desired metadata values of one entity (name → formatted value; null clears).</summary>
    public static Dictionary<string, string?> Desired(DefinitionSet set, EntityState e)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        string? stage = null;
        var hasStages = false;
        foreach (var d in set.All)
        {
            if (d.Entity != e.Kind)
            {
                continue;
            }

            if (d.Kind == DefinitionKind.Stage)
            {
                hasStages = true;
            }

            if (!e.TryGetMembership(d.Key, out var m))
            {
                continue;
            }

            values[MetadataNames.CurrentlyMemberOf(d.Key)] = m.IsActive ? "true" : "false";
            values[MetadataNames.LastEntered(d.Key)] = Format(m.LastEntered);
            if (d.HasCompletion)
            {
                values[MetadataNames.LastCompleted(d.Key)] = Format(m.LastCompleted);
            }

            values[MetadataNames.LastExited(d.Key)] = Format(m.LastExited);
            if (d.Kind == DefinitionKind.Stage && m.IsActive)
            {
                stage ??= d.Key;
            }
        }

        if (hasStages)
        {
            values[MetadataNames.CurrentStage] = stage;
        }

        return values;
    }

    public static string SummaryJson(Lifecycle.Cards.CardView view) => JsonSerializer.Serialize(view, CardJson.Options);

    private static string? Format(DateTimeOffset? t) => t is { } v ? AttributeValue.FormatDateTime(v) : null;
}
