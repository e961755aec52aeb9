using YamlDotNet.RepresentationModel;

namespace Trig.Crm.Lifecycle.Definitions.Loading;

/// <summary>Lookups and text of YAML nodes.</summary>
internal static class YamlNodes
{
    public static YamlNode? Child(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var v) ? v : null;

    public static string? Scalar(YamlMappingNode node, string key) => (Child(node, key) as YamlScalarNode)?.Value;

    /// <summary>The node's text as written in <paramref name="content"/>.</summary>
    public static string SourceText(string content, YamlNode node)
    {
        var start = (int)Math.Min(node.Start.Index, content.Length);
        var end = (int)Math.Min(node.End.Index, content.Length);
        return end > start ? content[start..end] : node.ToString();
    }

    /// <summary>A scalar's value, or a sequence as <c>[a, b]</c>.</summary>
    public static string FlatText(YamlNode node) => node switch
    {
        YamlScalarNode s => s.Value ?? "",
        YamlSequenceNode seq => "[" + string.Join(", ", seq.Children.Select(FlatText)) + "]",
        _ => node.ToString(),
    };
}
