using Microsoft.Extensions.Logging.Abstractions;
using Trig.Crm.Engine.Definitions;
using Trig.Crm.Engine.Options;
using Trig.Crm.Testing.Hostile;

namespace Trig.Crm.Engine.Tests.Definitions;

/// <summary>A running service's reload path: a hostile file dropped into the folder leaves the last valid set in force.</summary>
public sealed class DefinitionCatalogHostileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("trig-catalog-hostile-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string> Names => [.. HostileYaml.Files.Select(f => f.Name)];

    [Theory]
    [MemberData(nameof(Names))]
    public void Reload_HostileFileAdded_KeepsTheLastValidSetAndReportsTheLocatedError(string name)
    {
        File.WriteAllText(Path.Combine(_dir, "schema.yaml"), HostileYaml.Schema);
        File.WriteAllText(Path.Combine(_dir, "defs.yaml"), "cohorts:\n  - key: large\n    criteria: [ seats >= 10 ]\n");
        var catalog = new DefinitionCatalog(
            Microsoft.Extensions.Options.Options.Create(new TrigOptions { Definitions = new() { Path = _dir } }), NullLogger<DefinitionCatalog>.Instance);
        var valid = catalog.Reload();
        Assert.NotNull(valid);

        var (_, content, error) = HostileYaml.Files.Single(f => f.Name == name);
        File.WriteAllText(Path.Combine(_dir, name), content);
        var after = catalog.Reload();

        Assert.Same(valid, after);
        Assert.Same(valid, catalog.Current);
        Assert.Equal($"{Path.Combine(_dir, name)}:{error}", catalog.LastErrors);
    }
}
