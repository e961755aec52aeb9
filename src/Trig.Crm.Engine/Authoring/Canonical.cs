using System.Text;
using YamlDotNet.RepresentationModel;

namespace Trig.Crm.Engine.Authoring;

/// <summary>A YAML node's meaning as one string (layout, style and comments ignored): equal strings, equal content.</summary>
internal static class Canonical
{
    public static string Of(YamlNode? node)
    {
        var sb = new StringBuilder();
        Write(node, sb);
        return sb.ToString();
    }

    private static void Write(YamlNode? node, StringBuilder sb)
    {
        switch (node)
        {
            case YamlScalarNode s:
                sb.Append('"').Append(s.Value?.Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"');
                break;
            case YamlSequenceNode seq:
                sb.Append('[');
                foreach (var c in seq.Children)
                {
                    Write(c, sb);
                    sb.Append(',');
                }

                sb.Append(']');
                break;
            case YamlMappingNode map:
                sb.Append('{');
                foreach (var (k, v) in map.Children)
                {
                    Write(k, sb);
                    sb.Append(':');
                    Write(v, sb);
                    sb.Append(',');
                }

                sb.Append('}');
                break;
            default:
                sb.Append('~');
                break;
        }
    }
}
