using System.Text;
using Microsoft.Data.Sqlite;
using Trig.Crm.Testing.Processes;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Trig.Crm.Worker.Tests.Telemetry;

/// <summary>
/// A one-shot command exports over OTLP before it exits: <c>trig sync --once</c> against a loopback OTLP receiver
/// (WireMock, OTLP over HTTP with protobuf bodies) delivers the cycle's metrics and its trace. The SDK's own export
/// interval is a minute, so nothing would arrive from a command that only records and exits.
/// </summary>
public sealed class OneShotExportTests : IDisposable
{
    private const string Definitions = """
        schema:
          organisation: { plan: string, seats: number }
        behaviours:
          - key: big_account
            name: Big account
            audience: [ seats >= 10 ]
            completion: [ plan = Enterprise ]
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("trig-otlp-").FullName;
    private readonly WireMockServer _collector = WireMockServer.Start();

    public OneShotExportTests()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "lifecycle"));
        File.WriteAllText(Path.Combine(_dir, "lifecycle", "defs.yaml"), Definitions);
        File.WriteAllText(Path.Combine(_dir, "orgs.csv"), "id,name,plan,seats\nacme,Acme,Starter,20\nsmall,Small Co,Starter,2\n");
        _collector.Given(Request.Create().WithPath("/v1/metrics", "/v1/traces").UsingPost()).RespondWith(Response.Create().WithStatusCode(200));
    }

    public void Dispose()
    {
        _collector.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task SyncOnce_WithAnOtlpEndpoint_ExportsTheCycleMetricsAndTraceBeforeExit()
    {
        Assert.Equal(0, (await TrigProcess.RunAsync(_dir, "import", "--organisations", "orgs.csv")).ExitCode);
        var environment = new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = _collector.Urls[0],
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_SERVICE_NAME"] = "trig-otlp-test",
        };
        var before = _collector.LogEntries.Count;

        var sync = await TrigProcess.RunAsync(_dir, ["sync", "--once"], TimeSpan.FromSeconds(90), environment);

        Assert.True(sync.ExitCode == 0, sync.ToString());
        var bodies = _collector.LogEntries.Skip(before).Select(e => (Path: e.RequestMessage.Path, Body: Text(e.RequestMessage.BodyAsBytes))).ToList();
        var metrics = bodies.Where(b => b.Path == "/v1/metrics").Select(b => b.Body).ToList();
        Assert.True(metrics.Count > 0, "no POST /v1/metrics arrived:\n" + sync);
        // Protobuf keeps strings as UTF-8 bytes: the instrument names and the resource's service name are readable.
        var exported = string.Concat(metrics);
        Assert.Contains("trig.cycle.duration", exported, StringComparison.Ordinal);
        Assert.Contains("trig.transitions", exported, StringComparison.Ordinal);
        Assert.Contains("big_account", exported, StringComparison.Ordinal);
        Assert.Contains("trig-otlp-test", exported, StringComparison.Ordinal);
        var traces = string.Concat(bodies.Where(b => b.Path == "/v1/traces").Select(b => b.Body));
        Assert.Contains("trig.cycle", traces, StringComparison.Ordinal);
        Assert.Contains("trig.evaluate", traces, StringComparison.Ordinal);
    }

    private static string Text(byte[]? body) => body is null ? "" : Encoding.UTF8.GetString(body);
}
