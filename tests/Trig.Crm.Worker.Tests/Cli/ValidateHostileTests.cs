using System.Text.RegularExpressions;
using Trig.Crm.Testing.Hostile;
using Trig.Crm.Testing.Processes;

namespace Trig.Crm.Worker.Tests.Cli;

/// <summary>
/// <c>trig validate</c> as a process on each hostile file: it exits 1 with the one located error and the summary,
/// and neither a stack trace nor the runtime's abort (a stack overflow would end the process with 134).
/// </summary>
public sealed partial class ValidateHostileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("trig-validate-hostile-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string> Names => [.. HostileYaml.Files.Select(f => f.Name)];

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Validate_HostileFile_ExitsOneWithOneLocatedErrorLine(string name)
    {
        var folder = Path.Combine(_dir, "lifecycle");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "schema.yaml"), HostileYaml.Schema);
        var (_, content, error) = HostileYaml.Files.Single(f => f.Name == name);
        File.WriteAllText(Path.Combine(folder, name), content);

        var r = await TrigProcess.RunAsync(_dir, "validate", "--definitions", folder);

        Assert.True(r.ExitCode == 1, r.ToString());
        var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal([$"{Path.Combine(folder, name)}:{error}", "1 error(s): the set is refused"], lines);
        Assert.DoesNotMatch(StackFrame(), r.Stdout + r.Stderr);
    }

    [GeneratedRegex(@"^\s+at |Exception", RegexOptions.Multiline)]
    private static partial Regex StackFrame();
}
