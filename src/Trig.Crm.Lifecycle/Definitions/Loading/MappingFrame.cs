using YamlDotNet.Core;

namespace Trig.Crm.Lifecycle.Definitions.Loading;

/// <summary>An open mapping or sequence while <see cref="DuplicateYamlKey"/> walks the event stream.</summary>
internal sealed class MappingFrame(bool isMapping)
{
    public bool IsMapping { get; } = isMapping;

    /// <summary>Child nodes so far; in a mapping, an even count means the next node is a key.</summary>
    public int Children { get; set; }

    public Dictionary<string, Mark> Keys { get; } = new(StringComparer.Ordinal);
}
