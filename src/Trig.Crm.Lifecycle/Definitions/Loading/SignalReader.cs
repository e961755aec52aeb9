using Trig.Crm.Lifecycle.Model;
using YamlDotNet.RepresentationModel;

namespace Trig.Crm.Lifecycle.Definitions.Loading;

/// <summary>Reads what signals add: the type, the stage they watch and its settings. Signals are organisation-level.</summary>
internal sealed class SignalReader(LoadDiagnostics diagnostics, CriteriaChecker checker, ValueReader values)
{
    public Definition Read(YamlMappingNode node, Definition d, YamlScalarNode? keyNode)
    {
        var type = YamlNodes.Scalar(node, "type") ?? "slow_completers";
        if (type != "slow_completers")
        {
            diagnostics.Error(YamlNodes.Child(node, "type"), $"unknown signal type '{type}' (supported: slow_completers)");
        }

        var stageNode = YamlNodes.Child(node, "stage") as YamlScalarNode;
        var stage = stageNode?.Value;
        if (stage is null)
        {
            diagnostics.Error(keyNode, $"signal '{d.Key}' needs a 'stage'");
        }
        else if (!checker.Keys.IsStage(stage))
        {
            diagnostics.Error(stageNode, $"unknown stage '{stage}'");
        }

        var arr = YamlNodes.Child(node, "arr_attribute") as YamlScalarNode;
        CheckArrAttribute(arr);
        return d with
        {
            Entity = EntityKind.Organisation,
            Signal = new SignalSettings(type, stage ?? "", values.PositiveNumber(node, "factor") ?? 1.5, (int)(values.PositiveNumber(node, "min_completions") ?? 10), arr?.Value),
        };
    }

    private void CheckArrAttribute(YamlScalarNode? arr)
    {
        if (arr?.Value is not { } name)
        {
            return;
        }

        var type = checker.Schema.TypeOf(EntityKind.Organisation, name);
        if (type is null)
        {
            diagnostics.Error(arr, $"unknown attribute '{name}'");
        }
        else if (type != ValueKind.Number)
        {
            diagnostics.Error(arr, $"type mismatch: arr_attribute '{name}' is {type.Value.ToString().ToLowerInvariant()}, expected number");
        }
    }
}
