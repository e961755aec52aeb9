using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Trig.Crm.Lifecycle.Definitions.Loading;

/// <summary>Maps YAML nodes to the 1-based positions printed in diagnostics.</summary>
internal static class YamlPositions
{
    public static SourceLocation Of(string file, YamlNode? node, int offset = 0)
    {
        if (node is null)
        {
            return new SourceLocation(file, 1, 1);
        }

        // A quoted scalar's text starts after its opening quote, and condition offsets count from the text.
        var quote = node is YamlScalarNode { Style: ScalarStyle.DoubleQuoted or ScalarStyle.SingleQuoted } ? 1 : 0;
        return new SourceLocation(file, (int)node.Start.Line, (int)node.Start.Column + offset + quote);
    }
}
