using Trig.Crm.Lifecycle.Model;
using YamlDotNet.RepresentationModel;

namespace Trig.Crm.Lifecycle.Definitions.Loading;

/// <summary>The <c>entity</c> field of a definition.</summary>
internal static class EntityField
{
    /// <summary>The entity kind; missing or unknown values read as organisation (unknown ones are reported separately).</summary>
    public static EntityKind Read(YamlMappingNode node) => (YamlNodes.Child(node, "entity") as YamlScalarNode)?.Value switch
    {
        "person" or "people" => EntityKind.Person,
        _ => EntityKind.Organisation,
    };

    public static bool IsKnown(string? value) => value is "organisation" or "organization" or "org" or "person" or "people";
}
