using System.Collections.Immutable;
using Trig.Crm.Lifecycle.Metadata;
using Trig.Crm.Lifecycle.Model;
using YamlDotNet.RepresentationModel;

namespace Trig.Crm.Lifecycle.Definitions.Loading;

/// <summary>Reads what jobs add: audience, goal, duration, re-entry and follow-ups.</summary>
internal sealed class JobReader(LoadDiagnostics diagnostics, CriteriaChecker checker, ValueReader values, ActionsReader actions)
{
    public Definition Read(YamlMappingNode node, Definition d, YamlScalarNode? keyNode)
    {
        var key = d.Key;
        var goalNode = YamlNodes.Child(node, "goal");
        if (goalNode is null)
        {
            diagnostics.Error(keyNode, $"job '{key}' needs a 'goal'");
        }

        // Read once: an invalid value is one error, not one per use.
        var reentry = values.Bool(node, "reentry");
        d = d with
        {
            Audience = checker.Criteria(YamlNodes.Child(node, "audience"), d.Entity),
            Completion = checker.Criteria(goalNode, d.Entity),
            Duration = values.Duration(node, "duration"),
            Reentry = reentry ?? true,
            FollowUps = ReadFollowUps(YamlNodes.Child(node, "follow_ups"), d.Entity),
        };
        if (d.Duration is null)
        {
            diagnostics.Warn(keyNode, $"job '{key}' has no 'duration': entities that never reach the goal stay in it forever");
        }

        if (YamlNodes.Child(node, "reentry") is null && !CriteriaChecker.Mentions(d.Audience, MetadataNames.LastEntered(key)))
        {
            diagnostics.Warn(keyNode, $"job '{key}' allows re-entry: set 'reentry: false' or exclude 'last_entered_{key} has any value' in its audience");
        }

        return d;
    }

    private ImmutableArray<FollowUp> ReadFollowUps(YamlNode? node, EntityKind entity)
    {
        if (node is null)
        {
            return [];
        }

        if (node is not YamlSequenceNode seq)
        {
            diagnostics.Error(node, "'follow_ups' must be a list of { after, actions }");
            return [];
        }

        var list = ImmutableArray.CreateBuilder<FollowUp>();
        foreach (var item in seq.Children)
        {
            if (item is not YamlMappingNode m)
            {
                diagnostics.Error(item, "a follow-up must be a mapping with 'after' and 'actions'");
                continue;
            }

            if (ReadFollowUp(m, entity) is { } followUp)
            {
                list.Add(followUp);
            }
        }

        return [.. list.OrderBy(f => f.After)];
    }

    private FollowUp? ReadFollowUp(YamlMappingNode m, EntityKind entity)
    {
        foreach (var (k, _) in m.Children)
        {
            if (((YamlScalarNode)k).Value is not ("after" or "actions"))
            {
                diagnostics.Error(k, $"unknown key '{((YamlScalarNode)k).Value}' in follow-up (allowed: after, actions)");
            }
        }

        var after = values.Duration(m, "after");
        if (after is null)
        {
            if (YamlNodes.Child(m, "after") is null)
            {
                diagnostics.Error(m, "a follow-up needs 'after'");
            }

            return null;
        }

        return new FollowUp(after.Value, actions.Read(YamlNodes.Child(m, "actions"), entity));
    }
}
