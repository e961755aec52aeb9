using Trig.Crm.Testing.Processes;

namespace Trig.Crm.Worker.Tests.Cli;

/// <summary>A PostgreSQL store that cannot be used: one line, no stack trace, for the one-shot commands and the service.</summary>
public sealed class StoreConnectionErrorTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("trig-store-error-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static void AssertOneLine(TrigProcess.Result r, int exitCode, string expectedStart)
    {
        Assert.Equal(exitCode, r.ExitCode);
        var line = Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith(expectedStart, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", r.Stdout + r.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("migrate", 1)]
    [InlineData("sync --once", 1)]
    [InlineData("run", 2)]
    public async Task MalformedConnectionString_PrintsOneLineNamingTheKey_WithoutTheSecret(string command, int exitCode)
    {
        var r = await TrigProcess.RunAsync(_dir, [.. command.Split(' '), "--Trig:Store:Provider=postgres", "--Trig:Store:ConnectionString=Hots=db;Password=hunter2", "--Trig:Http:Urls=http://127.0.0.1:0"]);

        AssertOneLine(r, exitCode, "error: Trig:Store:ConnectionString is not a PostgreSQL connection string");
        Assert.DoesNotContain("hunter2", r.Stdout + r.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("migrate", 1)]
    [InlineData("run", 2)]
    public async Task UnreachableServer_PrintsOneLine(string command, int exitCode)
    {
        var r = await TrigProcess.RunAsync(_dir, [command, "--Trig:Http:Urls=http://127.0.0.1:0", "--Trig:Store:Provider=postgres", "--Trig:Store:ConnectionString=Host=127.0.0.1;Port=1;Username=trig;Password=hunter2;Timeout=3"]);

        AssertOneLine(r, exitCode, "error: store: Failed to connect to 127.0.0.1:1");
        Assert.DoesNotContain("hunter2", r.Stdout + r.Stderr, StringComparison.Ordinal);
    }
}
