using Trig.Crm.Testing.Processes;

namespace Trig.Crm.Worker.Tests.Cli;

/// <summary>A provider chosen without its keys: one line naming the key, for the service and the one-shot commands.</summary>
public sealed class StartupErrorTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("trig-startup-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("run", 2)]
    [InlineData("sync --once", 1)]
    public async Task HubSpotWithoutToken_PrintsOneLineNamingTheKey(string command, int exitCode)
    {
        var r = await TrigProcess.RunAsync(_dir, [.. command.Split(' '), "--Trig:Crm:Provider=hubspot", "--Trig:Http:Urls=http://127.0.0.1:0"]);

        Assert.Equal(exitCode, r.ExitCode);
        var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("error: Trig:HubSpot:AccessToken is required (the HubSpot private app token) when Trig:Crm:Provider is hubspot.", Assert.Single(lines));
        Assert.DoesNotContain("   at ", r.Stdout, StringComparison.Ordinal);
    }
}
