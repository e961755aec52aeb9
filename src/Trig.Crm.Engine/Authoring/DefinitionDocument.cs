using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Trig.Crm.Engine.Authoring;

/// <summary>
/// Splits a definitions document (the definitions-file format: any sections, one or many definitions) into its
/// entries, each kept as the text the author wrote. Structure only: whether the entries are valid is the loader's
/// job, which reports at the document's own lines.
/// </summary>
public static partial class DefinitionDocument
{
    private static readonly string[] DefinitionSections = ["behaviours", "behaviors", "cohorts", "stages", "jobs", "signals", "rollups"];

    /// <summary>The entries of <paramref name="text"/>, or null when it is not YAML the loader could read.</summary>
    public static IReadOnlyList<DocumentEntry>? Split(string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException)
        {
            return null;
        }
        catch (ArgumentException)
        {
            return null;
        }

        var entries = new List<DocumentEntry>();
        foreach (var doc in stream.Documents)
        {
            if (doc.RootNode is not YamlMappingNode root)
            {
                continue;
            }

            foreach (var (k, v) in root.Children)
            {
                var section = (k as YamlScalarNode)?.Value ?? "";
                if (section == "schema")
                {
                    entries.AddRange(SchemaEntries(v));
                }
                else if (DefinitionSections.Contains(section) && v is YamlSequenceNode seq)
                {
                    var name = section == "behaviors" ? "behaviours" : section;
                    entries.AddRange(seq.Children.OfType<YamlMappingNode>()
                        .Where(m => m.Children.TryGetValue(new YamlScalarNode("key"), out var key) && key is YamlScalarNode { Value.Length: > 0 })
                        .Select(m => new DocumentEntry(((YamlScalarNode)m.Children[new YamlScalarNode("key")]).Value!, name, ItemText(text, name, m))));
                }
            }
        }

        return entries;
    }

    /// <summary>A document of <paramref name="section"/> holding one item, written as in <paramref name="source"/> where that reads back the same.</summary>
    internal static string ItemText(string source, string section, YamlMappingNode item)
    {
        var written = Reindented(source, section, item);
        if (written is not null && Canonical.Of(Reparse(written, section)) == Canonical.Of(item))
        {
            return written;
        }

        // Flow-style or oddly indented items: re-emitted by YamlDotNet (comments are lost, the meaning is kept).
        var root = new YamlMappingNode { { section, new YamlSequenceNode(item) } };
        var sb = new StringWriter();
        new YamlStream(new YamlDocument(root)).Save(sb, assignAnchors: false);
        return sb.ToString().Replace("\n...", "", StringComparison.Ordinal).TrimEnd() + "\n";
    }

    private static string? Reindented(string source, string section, YamlMappingNode item)
    {
        // A block mapping's own end mark is its start (YamlDotNet), so the item ends where its last descendant ends,
        // extended to the end of that line.
        var start = (int)item.Start.Index;
        var end = (int)Math.Min(item.AllNodes.Max(n => n.End.Index), source.Length);
        if (item.Style == YamlDotNet.Core.Events.MappingStyle.Flow || start >= end)
        {
            return null;
        }

        var eol = source.IndexOf('\n', end - 1);
        end = eol < 0 ? source.Length : eol;

        var indent = (int)item.Start.Column - 1;
        var lines = source[start..end].Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').ToList();
        while (lines.Count > 1 && string.IsNullOrWhiteSpace(lines[^1]))
        {
            lines.RemoveAt(lines.Count - 1);
        }

        var sb = new StringBuilder().Append(section).Append(":\n  - ").Append(lines[0].TrimEnd()).Append('\n');
        foreach (var line in lines.Skip(1))
        {
            var lead = line.Length - line.TrimStart(' ').Length;
            var body = lead >= indent ? line[indent..] : line.TrimStart(' ');
            sb.Append(body.Length == 0 ? "" : "    " + body.TrimEnd()).Append('\n');
        }

        return sb.ToString();
    }

    private static YamlNode? Reparse(string text, string section)
    {
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            return stream.Documents.Count == 1 && stream.Documents[0].RootNode is YamlMappingNode root
                && root.Children.TryGetValue(new YamlScalarNode(section), out var v) && v is YamlSequenceNode { Children.Count: 1 } seq
                ? seq.Children[0]
                : null;
        }
        catch (YamlException)
        {
            return null;
        }
    }

    private static IEnumerable<DocumentEntry> SchemaEntries(YamlNode node)
    {
        if (node is not YamlMappingNode map)
        {
            yield break;
        }

        foreach (var (k, v) in map.Children)
        {
            var part = (k as YamlScalarNode)?.Value;
            if (part is "organisation" or "organization" or "person" && v is YamlMappingNode attrs)
            {
                var entity = part == "person" ? "person" : "organisation";
                foreach (var (ak, av) in attrs.Children)
                {
                    if (ak is YamlScalarNode { Value.Length: > 0 } a && av is YamlScalarNode t)
                    {
                        yield return SchemaAttribute(entity, a.Value!, t.Value ?? "");
                    }
                }
            }
            else if (part == "events" && v is YamlSequenceNode evs)
            {
                foreach (var e in evs.Children.OfType<YamlScalarNode>().Where(e => !string.IsNullOrEmpty(e.Value)))
                {
                    yield return SchemaEvent(e.Value!);
                }
            }
        }
    }

    /// <summary>The entry declaring one attribute of <paramref name="entity"/> (organisation or person).</summary>
    public static DocumentEntry SchemaAttribute(string entity, string name, string type) =>
        new($"schema.{entity}.{name}", "schema", $"schema:\n  {entity}:\n    {Quoted(name)}: {Quoted(type)}\n");

    /// <summary>The entry declaring one event name.</summary>
    public static DocumentEntry SchemaEvent(string name) =>
        new($"schema.events.{name}", "schema", $"schema:\n  events: [ {Quoted(name)} ]\n");

    private static string Quoted(string s) =>
        PlainScalar().IsMatch(s) ? s : System.Text.Json.JsonSerializer.Serialize(s);

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_.-]*$")]
    private static partial Regex PlainScalar();
}
