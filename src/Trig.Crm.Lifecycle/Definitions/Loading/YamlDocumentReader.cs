using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Trig.Crm.Lifecycle.Definitions.Loading;

/// <summary>
/// Parses each file's YAML and sorts its sections: schemas are read at once, definitions and roll-ups are kept
/// raw for the passes that need every file read first.
/// </summary>
internal sealed class YamlDocumentReader(LoadDiagnostics diagnostics, SchemaReader schema)
{
    private static readonly string[] Sections = ["schema", "behaviours", "behaviors", "cohorts", "stages", "jobs", "signals", "rollups"];

    public List<RawDefinition> Definitions { get; } = [];

    public List<RawRollup> Rollups { get; } = [];

    public void ReadFile(string file, string content)
    {
        diagnostics.File = file;
        if (Parse(file, content) is not { } stream)
        {
            return;
        }

        // Every reader takes mapping keys for plain names; a list or mapping used as a key (`? [a, b]`) is refused here once.
        if (stream.Documents.Select(d => ComplexKey(d.RootNode, 0)).FirstOrDefault(k => k is not null) is { } complex)
        {
            diagnostics.Error(complex, "a mapping key must be a plain name, not a list or a mapping");
            return;
        }

        foreach (var doc in stream.Documents)
        {
            if (doc.RootNode is not YamlMappingNode root)
            {
                if (doc.RootNode is YamlScalarNode { Value: null or "" })
                {
                    continue;
                }

                diagnostics.Error(doc.RootNode, "a definitions file is a mapping of sections (behaviours, cohorts, stages, jobs, signals, rollups, schema)");
                continue;
            }

            foreach (var (k, v) in root.Children)
            {
                ReadSection((YamlScalarNode)k, v, file, content);
            }
        }
    }

    // The depth bound keeps an alias that refers to its own ancestor from recursing forever.
    private static YamlNode? ComplexKey(YamlNode node, int depth = 0) => depth > 64 ? null : node switch
    {
        YamlMappingNode map => map.Children.Keys.FirstOrDefault(k => k is not YamlScalarNode)
            ?? map.Children.Values.Select(v => ComplexKey(v, depth + 1)).FirstOrDefault(k => k is not null),
        YamlSequenceNode seq => seq.Children.Select(c => ComplexKey(c, depth + 1)).FirstOrDefault(k => k is not null),
        _ => null,
    };

    private YamlStream? Parse(string file, string content)
    {
        var stream = new YamlStream();
        var parser = new LimitedYamlParser(new Parser(new StringReader(content)));
        try
        {
            stream.Load(parser);
            return stream;
        }
        catch (YamlLimitException ex)
        {
            diagnostics.Add(new Diagnostic(new SourceLocation(file, (int)ex.At.Line, (int)ex.At.Column), $"invalid YAML: {ex.Message}"));
            return null;
        }
        catch (YamlException ex)
        {
            var msg = ex.InnerException?.Message ?? ex.Message;
            if (msg.Contains("Duplicate key", StringComparison.OrdinalIgnoreCase) || ex.Message.Contains("Duplicate key", StringComparison.OrdinalIgnoreCase))
            {
                msg = DuplicateYamlKey.Find(content, ex.Start) is var (key, first)
                    ? $"duplicate key '{key}' (first defined at {new SourceLocation(file, (int)first.Line, (int)first.Column)})"
                    : "duplicate key";
            }

            diagnostics.Add(new Diagnostic(new SourceLocation(file, (int)ex.Start.Line, (int)ex.Start.Column), $"invalid YAML: {msg}"));
            return null;
        }
        catch (ArgumentException ex) when (ex.Message.Contains("same key", StringComparison.OrdinalIgnoreCase))
        {
            diagnostics.Add(new Diagnostic(new SourceLocation(file, 1, 1), "duplicate key: " + ex.Message));
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's parser throws this without a position at an unexpected end of input, e.g. an unclosed
            // flow mapping ('{a: 1'); the last event it produced is where the file stopped making sense.
            var at = new SourceLocation(file, (int)Math.Max(parser.Last.Line, 1), (int)Math.Max(parser.Last.Column, 1));
            diagnostics.Add(new Diagnostic(at, "invalid YAML: the file ends inside an unclosed '{' or '[' (or another unfinished construct)"));
            return null;
        }
    }

    private void ReadSection(YamlScalarNode k, YamlNode v, string file, string content)
    {
        var section = k.Value ?? "";
        if (!Sections.Contains(section))
        {
            diagnostics.Error(k, $"unknown key '{section}' (expected one of: {string.Join(", ", Sections.Where(s => s != "behaviors"))})");
            return;
        }

        if (section == "schema")
        {
            schema.Read(v);
            return;
        }

        if (v is YamlScalarNode { Value: null or "" })
        {
            return;
        }

        if (v is not YamlSequenceNode seq)
        {
            diagnostics.Error(v, $"'{section}' must be a list");
            return;
        }

        foreach (var item in seq.Children)
        {
            if (item is not YamlMappingNode map)
            {
                diagnostics.Error(item, $"each entry of '{section}' must be a mapping with a key");
                continue;
            }

            if (section == "rollups")
            {
                Rollups.Add(new RawRollup(map, file));
                continue;
            }

            var kind = section switch
            {
                "behaviours" or "behaviors" => DefinitionKind.Behaviour,
                "cohorts" => DefinitionKind.Cohort,
                "stages" => DefinitionKind.Stage,
                "jobs" => DefinitionKind.Job,
                _ => DefinitionKind.Signal,
            };
            Definitions.Add(new RawDefinition(map, kind, file, content));
        }
    }
}
