using Microsoft.Data.Sqlite;
using Trig.Crm.Testing;
using Trig.Crm.Testing.Processes;
using Trig.Crm.Worker.Cli;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Trig.Crm.Worker.Tests.Cli;

/// <summary><c>trig health</c> through the real executable: the container health check of deploy/.</summary>
public sealed class HealthCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("trig-health-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Health_RunningService_PrintsReadyAndExitsZero_ByUrlAndByConfiguredWildcardUrl()
    {
        await using var trig = await TrigProcess.StartServiceAsync(_dir,
            $"--Trig:Store:ConnectionString=Data Source={Path.Combine(_dir, "service.db")}",
            $"--Trig:Definitions:Path={RepoPaths.SampleLifecycle}",
            "--Trig:Schedule:Cycle=0 0 0 1 1 ? 2099");

        var byUrl = await TrigProcess.RunAsync(_dir, "health", "--url", trig.BaseUrl);
        Assert.True(byUrl.ExitCode == 0, byUrl.ToString());
        Assert.Equal("ready", byUrl.Stdout.Trim());

        // No --url: the first of Trig:Http:Urls from the configuration arguments, the listen-on-all host made loopback.
        var byConfig = await TrigProcess.RunAsync(_dir, "health", $"--Trig:Http:Urls=http://0.0.0.0:{trig.Port};http://127.0.0.1:1");
        Assert.True(byConfig.ExitCode == 0, byConfig.ToString());
        Assert.Equal("ready", byConfig.Stdout.Trim());
    }

    [Fact]
    public async Task Health_ClosedPort_PrintsOneNotReadyLineAndExitsOne_WithoutOpeningTheStore()
    {
        var db = Path.Combine(_dir, "never.db");
        var port = FreePort.Get();

        var r = await TrigProcess.RunAsync(_dir, "health", $"--Trig:Http:Urls=http://127.0.0.1:{port}", $"--Trig:Store:ConnectionString=Data Source={db}");

        Assert.True(r.ExitCode == 1, r.ToString());
        var lines = (r.Stdout + r.Stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var line = Assert.Single(lines);
        Assert.StartsWith("not ready: ", line, StringComparison.Ordinal);
        Assert.False(File.Exists(db), "trig health must not open or migrate the store");
    }

    [Fact]
    public async Task Health_ServiceAnswering503_PrintsTheStatusAndExitsOne()
    {
        using var server = WireMockServer.Start();
        server.Given(Request.Create().WithPath("/health/ready").UsingGet()).RespondWith(Response.Create().WithStatusCode(503));

        var r = await TrigProcess.RunAsync(_dir, "health", "--url", server.Url!);

        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Equal("not ready: 503 Service Unavailable", r.Stdout.Trim());
    }

    [Theory]
    [InlineData("http://0.0.0.0:5080", "http://127.0.0.1:5080")]
    [InlineData("http://+:8080", "http://127.0.0.1:8080")]
    [InlineData("http://*:5080;https://*:5443", "http://127.0.0.1:5080")]
    [InlineData("http://[::]:5080", "http://127.0.0.1:5080")]
    [InlineData("http://localhost:5080", "http://localhost:5080")]
    [InlineData(" http://10.0.0.5:81 ; http://0.0.0.0:82", "http://10.0.0.5:81")]
    public void LocalUrl_FirstUrlWithWildcardHostAsLoopback(string urls, string expected) =>
        Assert.Equal(expected, HealthCommand.LocalUrl(urls));
}
