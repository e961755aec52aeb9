using YamlDotNet.RepresentationModel;

namespace Trig.Crm.Lifecycle.Definitions.Loading;

/// <summary>Reads what cohorts add: their criteria (<c>audience</c> is accepted as another name).</summary>
internal sealed class CohortReader(LoadDiagnostics diagnostics, CriteriaChecker checker)
{
    public Definition Read(YamlMappingNode node, Definition d)
    {
        var critNode = YamlNodes.Child(node, "criteria") ?? YamlNodes.Child(node, "audience");
        if (critNode is null)
        {
            diagnostics.Error(node, $"cohort '{d.Key}' needs 'criteria'");
        }

        return d with { Audience = checker.Criteria(critNode, d.Entity) };
    }
}
