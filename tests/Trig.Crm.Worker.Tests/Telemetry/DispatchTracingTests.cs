using System.Text;
using Microsoft.Data.Sqlite;
using Trig.Crm.Testing.Processes;
using Trig.Crm.Worker.Tests.Support;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Trig.Crm.Worker.Tests.Telemetry;

/// <summary>
/// The real <c>trig run</c> with tracing on and exported (an OTLP endpoint on a loopback receiver) delivers a busy
/// outbox: 200 organisations enter a behaviour with a Slack and a webhook action each, and all 400 actions go out,
/// while the receiver gets the spans of the cycles and of the outgoing Slack calls. This is the scenario in which
/// dispatch was once seen to stall with tracing on, which is why tracing used to be off without an exporter.
/// </summary>
[Collection(nameof(Jobs.DispatchCrashTests))]
public sealed class DispatchTracingTests : IDisposable
{
    private const int Organisations = 200;
    // A stall bound, not a speed target: the wait fails only when nothing moved (no delivery, no outbox change, no
    // trace export) for this long, however long the whole dispatch takes on a loaded machine.
    private static readonly TimeSpan StallBound = TimeSpan.FromSeconds(90);
    private readonly FakeSlack _slack = new();
    private readonly FakeWebhookReceiver _hooks = new();
    private readonly WireMockServer _collector = WireMockServer.Start();
    private readonly CrashWorkspace _ws;

    public DispatchTracingTests()
    {
        _ws = new CrashWorkspace(Organisations, _slack, _hooks);
        _collector.Given(Request.Create().WithPath("/v1/metrics", "/v1/traces").UsingPost()).RespondWith(Response.Create().WithStatusCode(200));
    }

    public void Dispose()
    {
        _collector.Dispose();
        _slack.Dispose();
        _hooks.Dispose();
        SqliteConnection.ClearAllPools();
        _ws.Dispose();
    }

    [Fact]
    public async Task Run_TracesExportedOverOtlp_EveryActionOfABusyOutboxIsDelivered()
    {
        await _ws.ImportAsync();
        var environment = new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = _collector.Urls[0],
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            // Spans leave in batches every second instead of every five, so the Slack spans arrive within the wait.
            ["OTEL_BSP_SCHEDULE_DELAY"] = "1000",
        };

        using var run = _ws.StartRun(environment);
        var watch = new StallWatch(StallBound);
        while (!(AllSent() && Traces().Contains("chat.postMessage", StringComparison.Ordinal)))
        {
            Assert.False(run.HasExited, "trig run exited:\n" + run.Output);
            Assert.True(watch.Moving(Progress()),
                $"stalled: nothing moved for {StallBound.TotalSeconds:0} s: Slack {_slack.Posts.Count}, webhooks {_hooks.Deliveries.Count}, outbox {string.Join(", ", _ws.OutboxByStatus())}, " +
                $"trace exports {_collector.LogEntries.Count(e => e.RequestMessage.Path == "/v1/traces")}:\n{run.Output}");
            await Task.Delay(50);
        }

        run.Kill();
        Assert.Equal(Organisations, _slack.Posts.Select(p => p.Key).Distinct().Count());
        Assert.Equal(Organisations, _hooks.Deliveries.Select(d => d.Key).Distinct().Count());
        // Tracing was on and exported: the cycles' spans and the outgoing calls' spans reached the collector.
        var traces = Traces();
        Assert.Contains("trig.cycle", traces, StringComparison.Ordinal);
        Assert.Contains("trig.commit", traces, StringComparison.Ordinal);
    }

    private string Progress() =>
        $"{_slack.Posts.Count}/{_hooks.Deliveries.Count}/{string.Join(",", _ws.OutboxByStatus())}/{_collector.LogEntries.Count}";

    private bool AllSent() => _ws.OutboxByStatus() is var s && s.GetValueOrDefault("sent") == Organisations * 2 && s.Values.Sum() == Organisations * 2;

    private string Traces() => string.Concat(_collector.LogEntries.Where(e => e.RequestMessage.Path == "/v1/traces")
        .Select(e => e.RequestMessage.BodyAsBytes is { } b ? Encoding.UTF8.GetString(b) : ""));
}
