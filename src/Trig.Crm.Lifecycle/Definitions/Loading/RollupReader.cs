using Trig.Crm.Lifecycle.Model;
using YamlDotNet.RepresentationModel;

namespace Trig.Crm.Lifecycle.Definitions.Loading;

/// <summary>Reads roll-ups: organisation attributes aggregated from a number attribute of their people.</summary>
internal sealed class RollupReader(LoadDiagnostics diagnostics, CriteriaChecker checker)
{
    private readonly Dictionary<string, SourceLocation> _keys = new(StringComparer.Ordinal);

    public Rollup? Read(YamlMappingNode node)
    {
        foreach (var (k, _) in node.Children)
        {
            var name = ((YamlScalarNode)k).Value!;
            if (name is not ("key" or "function" or "source" or "filter" or "description"))
            {
                diagnostics.Error(k, $"unknown key '{name}' in rollup (allowed: key, function, source, filter)");
            }
        }

        var key = YamlNodes.Scalar(node, "key");
        if (IsDuplicate(node))
        {
            return null;
        }

        var fnNode = YamlNodes.Child(node, "function") as YamlScalarNode;
        if (key is null || fnNode is null)
        {
            diagnostics.Error(node, "a rollup needs 'key' and 'function'");
            return null;
        }

        RollupFunction? fn = fnNode.Value switch
        {
            "sum" => RollupFunction.Sum,
            "count" => RollupFunction.Count,
            "avg" or "average" => RollupFunction.Avg,
            "min" => RollupFunction.Min,
            "max" => RollupFunction.Max,
            _ => null,
        };
        if (fn is null)
        {
            diagnostics.Error(fnNode, $"unknown rollup function '{fnNode.Value}' (use sum, count, avg, min or max)");
            return null;
        }

        var sourceNode = YamlNodes.Child(node, "source") as YamlScalarNode;
        if (fn != RollupFunction.Count)
        {
            CheckSource(key, fnNode, sourceNode);
        }

        var filter = checker.Criteria(YamlNodes.Child(node, "filter"), EntityKind.Person);
        return new Rollup(key, fn.Value, sourceNode?.Value, filter, diagnostics.Location(node));
    }

    /// <summary>Roll-ups are attributes, not definitions, so their keys are checked among themselves.</summary>
    private bool IsDuplicate(YamlMappingNode node)
    {
        if (YamlNodes.Child(node, "key") is not YamlScalarNode { Value: { Length: > 0 } key } keyNode)
        {
            return false;
        }

        if (_keys.TryGetValue(key, out var first))
        {
            diagnostics.Error(keyNode, $"duplicate rollup key '{key}' (first defined at {first})");
            return true;
        }

        _keys[key] = diagnostics.Location(keyNode);
        return false;
    }

    private void CheckSource(string key, YamlScalarNode fnNode, YamlScalarNode? sourceNode)
    {
        if (sourceNode?.Value is null)
        {
            diagnostics.Error(fnNode, $"rollup '{key}' needs a 'source' attribute for {fnNode.Value}");
        }
        else if (checker.Schema.Person.TryGetValue(sourceNode.Value, out var t))
        {
            if (t != ValueKind.Number)
            {
                diagnostics.Error(sourceNode, $"type mismatch: rollup source '{sourceNode.Value}' is {t.ToString().ToLowerInvariant()}, expected number");
            }
        }
        else
        {
            diagnostics.Error(sourceNode, $"unknown attribute '{sourceNode.Value}' (not a person attribute)");
        }
    }
}
