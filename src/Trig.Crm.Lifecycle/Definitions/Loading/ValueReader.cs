using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Trig.Crm.Lifecycle.Definitions.Loading;

/// <summary>Reads typed scalar fields (durations, booleans, positive numbers), reporting values of the wrong type.</summary>
internal sealed class ValueReader(LoadDiagnostics diagnostics)
{
    public TimeSpan? Duration(YamlMappingNode node, string key)
    {
        if (YamlNodes.Child(node, key) is not { } n)
        {
            return null;
        }

        if (n is YamlScalarNode s && s.Value is { } text && DurationParser.TryParse(text, out var span))
        {
            return span;
        }

        if (n is YamlScalarNode { Value: { } tooLong } && DurationParser.IsTooLong(tooLong))
        {
            diagnostics.Error(n, $"duration '{tooLong}' for '{key}' is out of range (at most {DurationParser.MaxText})");
            return null;
        }

        diagnostics.Error(n, $"bad duration '{(n as YamlScalarNode)?.Value}' for '{key}' (use e.g. 30m, 12h, 14d, 2w)");
        return null;
    }

    public bool? Bool(YamlMappingNode node, string key)
    {
        if (YamlNodes.Child(node, key) is not YamlScalarNode s)
        {
            return null;
        }

        if (bool.TryParse(s.Value, out var b))
        {
            return b;
        }

        diagnostics.Error(s, $"type mismatch: '{key}' must be true or false");
        return null;
    }

    public double? PositiveNumber(YamlMappingNode node, string key)
    {
        if (YamlNodes.Child(node, key) is not YamlScalarNode s)
        {
            return null;
        }

        if (double.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d > 0)
        {
            return d;
        }

        diagnostics.Error(s, $"type mismatch: '{key}' must be a positive number");
        return null;
    }
}
