using Trig.Crm.Engine.Definitions;
using Trig.Crm.Lifecycle.Definitions;

namespace Trig.Crm.Engine.Tests.Definitions;

public sealed class DefinitionFilesTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("trig-defs-");

    public void Dispose() => _root.Delete(recursive: true);

    /// <summary>
    /// Builds the layout Kubernetes gives a mounted ConfigMap: the files live in a hidden timestamped folder,
    /// <c>..data</c> links to it, and each visible file links through <c>..data</c>.
    /// </summary>
    private void WriteConfigMapMount(params (string Name, string Content)[] files)
    {
        const string version = "..2026_11_30_06_00_00.123456789";
        var versionDir = Directory.CreateDirectory(Path.Combine(_root.FullName, version));
        foreach (var (name, content) in files)
        {
            File.WriteAllText(Path.Combine(versionDir.FullName, name), content);
        }

        Directory.CreateSymbolicLink(Path.Combine(_root.FullName, "..data"), version);
        foreach (var (name, _) in files)
        {
            File.CreateSymbolicLink(Path.Combine(_root.FullName, name), Path.Combine("..data", name));
        }
    }

    private const string Schema = """
        schema:
          organisation: { plan: string, seats: number }
        """;

    private const string Definitions = """
        behaviours:
          - key: invited_team
            audience: [ plan = Premium ]
            completion: [ seats >= 5 ]
            time_limit: 14d
        jobs:
          - key: invite_nudge
            goal: [ seats >= 5 ]
            duration: 7d
            reentry: false
        """;

    [Fact]
    public void Load_ConfigMapMount_LoadsEachDefinitionOnceWithoutDiagnostics()
    {
        WriteConfigMapMount(("schema.yaml", Schema), ("definitions.yaml", Definitions));

        var r = DefinitionFolder.Load(_root.FullName);

        Assert.Empty(r.Diagnostics);
        Assert.True(r.IsValid);
        Assert.Equal(["invited_team", "invite_nudge"], r.Set!.Ordered.Select(d => d.Key));
    }

    [Fact]
    public void Read_ConfigMapMount_ReadsTheVisibleFilesOnce()
    {
        WriteConfigMapMount(("schema.yaml", Schema), ("definitions.yaml", Definitions));

        var files = DefinitionFiles.Read(_root.FullName);

        Assert.Equal(
            [Path.Combine(_root.FullName, "definitions.yaml"), Path.Combine(_root.FullName, "schema.yaml")],
            files.Select(f => f.File));
        Assert.Equal(Definitions, files[0].Content);
    }

    [Fact]
    public void Read_NestedFoldersAndOtherFiles_ReadsYamlFilesSortedByPath()
    {
        var sub = Directory.CreateDirectory(Path.Combine(_root.FullName, "sub"));
        File.WriteAllText(Path.Combine(_root.FullName, "b.yml"), "b");
        File.WriteAllText(Path.Combine(_root.FullName, "a.yaml"), "a");
        File.WriteAllText(Path.Combine(_root.FullName, "notes.txt"), "n");
        File.WriteAllText(Path.Combine(_root.FullName, ".hidden.yaml"), "h");
        File.WriteAllText(Path.Combine(sub.FullName, "c.yaml"), "c");

        var files = DefinitionFiles.Read(_root.FullName);

        Assert.Equal(["a", "b", "c"], files.Select(f => f.Content));
    }

    [Fact]
    public void Load_MissingFolder_ReportsIt()
    {
        var missing = Path.Combine(_root.FullName, "missing");

        var d = Assert.Single(DefinitionFolder.Load(missing).Diagnostics);

        Assert.Equal($"{missing}:1:1: definitions folder not found", d.ToString());
    }

    [Fact]
    public void Load_NoYamlFiles_ReportsIt()
    {
        var d = Assert.Single(DefinitionFolder.Load(_root.FullName).Diagnostics);

        Assert.Equal($"{_root.FullName}:1:1: no definition files (*.yaml) found", d.ToString());
    }
}
