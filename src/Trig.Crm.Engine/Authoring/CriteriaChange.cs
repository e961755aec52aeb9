using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Trig.Crm.Engine.Authoring;

/// <summary>Whether a new text of an entry changes what decides membership (its criteria), as opposed to its name or actions.</summary>
internal static class CriteriaChange
{
    private static readonly string[] Fields = ["audience", "criteria", "completion", "goal", "complete_when", "exit_when", "time_limit", "exit_after", "duration", "entity", "filter", "source", "function", "type", "stage", "factor"];

    public static bool Changes(string before, string after) => Fingerprint(before) != Fingerprint(after);

    private static string Fingerprint(string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException)
        {
            return text;
        }

        var parts = new List<string>();
        foreach (var item in stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>()
                     .SelectMany(r => r.Children.Values).OfType<YamlSequenceNode>().SelectMany(s => s.Children).OfType<YamlMappingNode>())
        {
            Collect(item, parts);
            if (item.Children.TryGetValue(new YamlScalarNode("objectives"), out var objs) && objs is YamlSequenceNode seq)
            {
                foreach (var o in seq.Children.OfType<YamlMappingNode>())
                {
                    parts.Add("objective");
                    Collect(o, parts);
                }
            }
        }

        return string.Join("|", parts);
    }

    private static void Collect(YamlMappingNode item, List<string> parts)
    {
        foreach (var f in Fields)
        {
            if (item.Children.TryGetValue(new YamlScalarNode(f), out var v))
            {
                parts.Add(f + "=" + Canonical.Of(v));
            }
        }
    }
}
