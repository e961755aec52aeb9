using System.Collections.Immutable;
using YamlDotNet.RepresentationModel;

namespace Trig.Crm.Lifecycle.Definitions.Loading;

/// <summary>Reads what stages add: audience, <c>complete_when</c>, <c>exit</c> and the stage's objectives.</summary>
internal sealed class StageReader(LoadDiagnostics diagnostics, CriteriaChecker checker, ValueReader values)
{
    /// <summary>Objectives are full definitions, so <paramref name="definitions"/> reads them.</summary>
    public Definition Read(YamlMappingNode node, Definition d, string content, DefinitionReader definitions)
    {
        d = d with
        {
            Audience = checker.Criteria(YamlNodes.Child(node, "audience"), d.Entity),
            Completion = checker.Criteria(YamlNodes.Child(node, "complete_when"), d.Entity),
        };
        if (YamlNodes.Child(node, "exit") is { } exitNode)
        {
            d = ReadExit(exitNode, d);
        }

        return d with { Objectives = ReadObjectives(node, d, content, definitions) };
    }

    private Definition ReadExit(YamlNode exitNode, Definition d)
    {
        if (exitNode is not YamlMappingNode exitMap)
        {
            diagnostics.Error(exitNode, "'exit' must be a mapping with 'after' and/or 'when'");
            return d;
        }

        foreach (var (k, _) in exitMap.Children)
        {
            if (((YamlScalarNode)k).Value is not ("after" or "when"))
            {
                diagnostics.Error(k, $"unknown key '{((YamlScalarNode)k).Value}' in exit (allowed: after, when)");
            }
        }

        return d with
        {
            ExitAfter = values.Duration(exitMap, "after"),
            ExitWhen = checker.Criteria(YamlNodes.Child(exitMap, "when"), d.Entity),
        };
    }

    private ImmutableArray<Definition> ReadObjectives(YamlMappingNode node, Definition stage, string content, DefinitionReader definitions)
    {
        var objectives = ImmutableArray.CreateBuilder<Definition>();
        if (YamlNodes.Child(node, "objectives") is YamlSequenceNode objs)
        {
            foreach (var o in objs.Children)
            {
                if (o is not YamlMappingNode om)
                {
                    diagnostics.Error(o, "each objective must be a mapping with a key");
                    continue;
                }

                if (definitions.Read(om, DefinitionKind.Objective, stage.Entity, stage.Key, content) is { } od)
                {
                    objectives.Add(od);
                }
            }
        }
        else if (YamlNodes.Child(node, "objectives") is { } bad)
        {
            diagnostics.Error(bad, "'objectives' must be a list");
        }

        return objectives.ToImmutable();
    }
}
