using YamlDotNet.RepresentationModel;

namespace Trig.Crm.Lifecycle.Definitions.Loading;

/// <summary>Reads what behaviours and objectives add: audience, completion and time limit.</summary>
internal sealed class BehaviourReader(CriteriaChecker checker, ValueReader values)
{
    public Definition Read(YamlMappingNode node, Definition d) => d with
    {
        Audience = checker.Criteria(YamlNodes.Child(node, "audience"), d.Entity),
        Completion = checker.Criteria(YamlNodes.Child(node, "completion"), d.Entity),
        TimeLimit = values.Duration(node, "time_limit"),
    };
}
