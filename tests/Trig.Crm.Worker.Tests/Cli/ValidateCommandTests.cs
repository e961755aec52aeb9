using Trig.Crm.Testing.Processes;

namespace Trig.Crm.Worker.Tests.Cli;

/// <summary><c>trig validate</c> as the README shows it, in a folder of the user's own.</summary>
public sealed class ValidateCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("trig-validate-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Validate_NoArgumentAndNoLifecycleFolder_FallsBackToTheSampleLifecycle()
    {
        var r = await TrigProcess.RunAsync(_dir, "validate");

        Assert.Equal(0, r.ExitCode);
        Assert.Contains("definitions valid", r.Stdout, StringComparison.Ordinal);
        Assert.Contains(Path.Combine("samples", "lifecycle"), r.Stdout, StringComparison.Ordinal);
    }
}
