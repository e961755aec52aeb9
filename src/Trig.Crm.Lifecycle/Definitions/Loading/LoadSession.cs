using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;

namespace Trig.Crm.Lifecycle.Definitions.Loading;

/// <summary>
/// One load: reads every file first, then registers every key, reads roll-ups and definitions in full, orders
/// them and checks for loops. Pure: the files arrive as text.
/// </summary>
internal sealed class LoadSession
{
    private readonly LoadDiagnostics _diagnostics = new();
    private readonly SchemaReader _schema;
    private readonly YamlDocumentReader _documents;

    public LoadSession()
    {
        _schema = new SchemaReader(_diagnostics);
        _documents = new YamlDocumentReader(_diagnostics, _schema);
    }

    public void ReadFile(string file, string content) => _documents.ReadFile(file, content);

    public LoadResult Finish(IReadOnlyList<(string File, string Content)> files)
    {
        var keys = new DefinitionKeys(_diagnostics);
        keys.RegisterAll(_documents.Definitions);

        // Roll-ups are organisation attributes.
        var schema = _schema.Build(RollupKeys());
        var checker = new CriteriaChecker(_diagnostics, schema, keys);
        var rollups = ReadRollups(checker);
        var defs = ReadDefinitions(checker);

        var ordered = DependencyOrder.Order(defs, _diagnostics);
        JobLoopCheck.Check(defs, _diagnostics);

        if (_diagnostics.HasErrors)
        {
            return new LoadResult(null, _diagnostics.Sorted());
        }

        var version = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n\u0001", files.Select(f => f.Content)))))[..16];
        return new LoadResult(new DefinitionSet(ordered, rollups, schema, version), _diagnostics.Sorted());
    }

    private List<string> RollupKeys()
    {
        var keys = new List<string>();
        foreach (var (node, _) in _documents.Rollups)
        {
            if (YamlNodes.Scalar(node, "key") is { } key)
            {
                keys.Add(key);
            }
        }

        return keys;
    }

    private ImmutableArray<Rollup> ReadRollups(CriteriaChecker checker)
    {
        var reader = new RollupReader(_diagnostics, checker);
        var rollups = ImmutableArray.CreateBuilder<Rollup>();
        foreach (var (node, file) in _documents.Rollups)
        {
            _diagnostics.File = file;
            if (reader.Read(node) is { } r)
            {
                rollups.Add(r);
            }
        }

        return rollups.ToImmutable();
    }

    private List<Definition> ReadDefinitions(CriteriaChecker checker)
    {
        var reader = new DefinitionReader(_diagnostics, checker);
        var defs = new List<Definition>();
        foreach (var (node, kind, file, content) in _documents.Definitions)
        {
            _diagnostics.File = file;
            if (reader.Read(node, kind, EntityField.Read(node), null, content) is { } d)
            {
                defs.Add(d);
            }
        }

        return defs;
    }
}
