using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Testing.Hostile;

namespace Trig.Crm.Lifecycle.Tests.Definitions.Loading;

/// <summary>The shared hostile files (also run through <c>trig validate</c> and the catalog): one located error each.</summary>
public sealed class HostileFileTests
{
    public static TheoryData<string> Names => [.. HostileYaml.Files.Select(f => f.Name)];

    [Theory]
    [MemberData(nameof(Names))]
    public void Load_HostileFile_IsItsOneLocatedError(string name)
    {
        var (_, content, error) = HostileYaml.Files.Single(f => f.Name == name);

        var r = DefinitionLoader.Load([("schema.yaml", HostileYaml.Schema), (name, content)]);

        Assert.Null(r.Set);
        Assert.Equal($"{name}:{error}", Assert.Single(r.Errors).ToString());
    }
}
