using YamlDotNet.RepresentationModel;

namespace Trig.Crm.Lifecycle.Definitions.Loading;

/// <summary>A definition's YAML, kept until every key is known (criteria may name definitions from later files).</summary>
internal sealed record RawDefinition(YamlMappingNode Node, DefinitionKind Kind, string File, string Content);
