using YamlDotNet.RepresentationModel;

namespace Trig.Crm.Lifecycle.Definitions.Loading;

/// <summary>A roll-up's YAML, kept until the schema is complete.</summary>
internal sealed record RawRollup(YamlMappingNode Node, string File);
