using System.Xml.Linq;
using Trig.Crm.Testing;

namespace Trig.Crm.Worker.Tests.Hosting;

/// <summary>The allowed project references of docs/architecture.md, read from the csproj files.</summary>
public sealed class ArchitectureTests
{
    private const string Lifecycle = "Trig.Crm.Lifecycle", Store = "Trig.Crm.Store", Engine = "Trig.Crm.Engine", Ingest = "Trig.Crm.Ingest", Pacing = "Trig.Crm.Pacing";
    private const string HubSpot = "Trig.Crm.HubSpot", Dynamics = "Trig.Crm.Dynamics", Actions = "Trig.Crm.Actions", Worker = "Trig.Crm.Worker";

    /// <summary>Project → the projects it may reference. Packages are checked only where the rule names them.</summary>
    private static readonly Dictionary<string, string[]> AllowedProjects = new(StringComparer.Ordinal)
    {
        [Lifecycle] = [],
        [Store] = [Lifecycle],
        [Engine] = [Lifecycle, Store],
        [Ingest] = [Lifecycle, Store, Engine],
        [Pacing] = [Lifecycle],
        [HubSpot] = [Lifecycle, Pacing],
        [Dynamics] = [Lifecycle, Pacing],
        [Actions] = [Lifecycle],
        [Worker] = [Lifecycle, Store, Engine, Ingest, HubSpot, Dynamics, Actions],
    };

    private static readonly Dictionary<string, string[]> AllowedPackages = new(StringComparer.Ordinal)
    {
        [Lifecycle] = ["YamlDotNet"],
        [Pacing] = ["System.Threading.RateLimiting"],
    };

    [Fact]
    public void SrcProjects_ReferenceOnlyWhatTheArchitectureAllows()
    {
        var src = Path.Combine(RepoPaths.Root, "src");
        var projects = Directory.GetDirectories(src).Select(d => Path.Combine(d, Path.GetFileName(d) + ".csproj")).Where(File.Exists).ToList();

        var violations = projects.SelectMany(p => Violations(Path.GetFileNameWithoutExtension(p), File.ReadAllText(p))).ToList();

        Assert.Equal(AllowedProjects.Keys.Order(StringComparer.Ordinal), projects.Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal));
        Assert.Empty(violations);
    }

    [Theory]
    [InlineData(Lifecycle, "<ProjectReference Include=\"../Trig.Crm.Store/Trig.Crm.Store.csproj\" />", "Trig.Crm.Lifecycle references Trig.Crm.Store")]
    [InlineData(Lifecycle, "<PackageReference Include=\"Microsoft.Data.Sqlite\" />", "Trig.Crm.Lifecycle references package Microsoft.Data.Sqlite")]
    [InlineData(HubSpot, "<ProjectReference Include=\"../Trig.Crm.Dynamics/Trig.Crm.Dynamics.csproj\" />", "Trig.Crm.HubSpot references Trig.Crm.Dynamics")]
    [InlineData(Pacing, "<ProjectReference Include=\"../Trig.Crm.Store/Trig.Crm.Store.csproj\" />", "Trig.Crm.Pacing references Trig.Crm.Store")]
    [InlineData(Engine, "<ProjectReference Include=\"..\\Trig.Crm.Ingest\\Trig.Crm.Ingest.csproj\" />", "Trig.Crm.Engine references Trig.Crm.Ingest")]
    [InlineData(Actions, "<ProjectReference Include=\"../Trig.Crm.Worker/Trig.Crm.Worker.csproj\" />", "Trig.Crm.Actions references Trig.Crm.Worker")]
    public void Violations_ForbiddenReference_IsReported(string project, string reference, string expected)
    {
        var csproj = $"<Project Sdk=\"Microsoft.NET.Sdk\"><ItemGroup>{reference}</ItemGroup></Project>";

        Assert.Equal([expected], Violations(project, csproj));
    }

    private static IEnumerable<string> Violations(string project, string csproj)
    {
        if (!AllowedProjects.TryGetValue(project, out var allowed))
        {
            yield return $"{project} is not in the architecture (add it to docs/architecture.md and this test)";
            yield break;
        }

        var doc = XDocument.Parse(csproj);
        foreach (var include in doc.Descendants("ProjectReference").Select(e => (string?)e.Attribute("Include")).OfType<string>())
        {
            var name = Path.GetFileNameWithoutExtension(include.Replace('\\', '/'));
            if (!allowed.Contains(name, StringComparer.Ordinal))
            {
                yield return $"{project} references {name}";
            }
        }

        if (AllowedPackages.TryGetValue(project, out var packages))
        {
            foreach (var package in doc.Descendants("PackageReference").Select(e => (string?)e.Attribute("Include")).OfType<string>())
            {
                if (!packages.Contains(package, StringComparer.Ordinal))
                {
                    yield return $"{project} references package {package}";
                }
            }
        }
    }
}
