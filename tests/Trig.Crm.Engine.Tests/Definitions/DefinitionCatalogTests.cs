using Microsoft.Extensions.Logging.Abstractions;
using Trig.Crm.Engine.Definitions;
using Trig.Crm.Engine.Options;

namespace Trig.Crm.Engine.Tests.Definitions;

public sealed class DefinitionCatalogTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("trig-catalog-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private DefinitionCatalog Catalog() =>
        new(Microsoft.Extensions.Options.Options.Create(new TrigOptions { Definitions = new() { Path = _dir } }), NullLogger<DefinitionCatalog>.Instance);

    [Fact]
    public void Reload_InvalidEdit_KeepsTheLastValidSetAndReportsTheErrors()
    {
        var file = Path.Combine(_dir, "defs.yaml");
        File.WriteAllText(file, "schema:\n  organisation: { seats: number }\nbehaviours:\n  - key: big\n    audience: [ seats >= 10 ]\n");
        var catalog = Catalog();
        var first = catalog.Reload();
        Assert.NotNull(first);

        File.WriteAllText(file, "schema:\n  organisation: { seats: number }\nbehaviours:\n  - key: big\n    audience: [ seats >= ten ]\n");
        var second = catalog.Reload();

        Assert.Same(first, second);
        Assert.Contains("defs.yaml:5:", catalog.LastErrors, StringComparison.Ordinal);
        Assert.Contains("type mismatch", catalog.LastErrors, StringComparison.Ordinal);

        File.WriteAllText(file, "schema:\n  organisation: { seats: number }\nbehaviours:\n  - key: bigger\n    audience: [ seats >= 20 ]\n");
        var third = catalog.Reload();

        Assert.NotSame(first, third);
        Assert.True(third!.ByKey.ContainsKey("bigger"));
        Assert.Null(catalog.LastErrors);
    }

    [Fact]
    public void Require_NoValidSetEver_ThrowsWithTheErrors()
    {
        File.WriteAllText(Path.Combine(_dir, "defs.yaml"), "behaviours:\n  - key: x\n    bogus: 1\n");

        var ex = Assert.Throws<InvalidOperationException>(() => Catalog().Require());

        Assert.Contains("unknown key 'bogus'", ex.Message, StringComparison.Ordinal);
    }
}
