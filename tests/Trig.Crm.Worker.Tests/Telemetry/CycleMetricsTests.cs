using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using Trig.Crm.Engine.Cycle;
using Trig.Crm.Engine.Definitions;
using Trig.Crm.Ingest.Csv;
using Trig.Crm.Store;
using Trig.Crm.Worker.Hosting;
using Trig.Crm.Worker.Tests.Support;

namespace Trig.Crm.Worker.Tests.Telemetry;

/// <summary>
/// The exported instruments after one <c>sync --once</c> (full cycle with dispatch) over a known data set: 3
/// organisations entering one behaviour with a Slack and a webhook action each (WireMock edges), read through
/// OpenTelemetry's in-memory exporter.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class CycleMetricsTests : IAsyncLifetime
{
    private readonly FakeSlack _slack = new();
    private readonly FakeWebhookReceiver _hooks = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow); // the fake Slack's ts are wall-clock
    private readonly List<MetricSnapshot> _exported = [];
    private CrashWorkspace _ws = null!;
    private IHost _host = null!;

    public async Task InitializeAsync()
    {
        _ws = new CrashWorkspace(3, _slack, _hooks);
        _host = TrigHost.BuildCli([.. _ws.ConfigArgs], b =>
        {
            b.Services.AddSingleton<TimeProvider>(_time);
            b.Services.ConfigureOpenTelemetryMeterProvider(m => m.AddInMemoryExporter(_exported));
        });
        var store = _host.Services.GetRequiredService<ITrigStore>();
        await store.MigrateAsync(default);
        var schema = _host.Services.GetRequiredService<DefinitionCatalog>().Require().Schema;
        var report = await _host.Services.GetRequiredService<CsvImporter>().ImportAsync(ImportKind.Organisations, Path.Combine(_ws.Dir, "orgs.csv"), schema, false, null, default);
        Assert.Empty(report.Errors);
    }

    public Task DisposeAsync()
    {
        _host.Dispose();
        _slack.Dispose();
        _hooks.Dispose();
        SqliteConnection.ClearAllPools();
        _ws.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task SyncOnce_ExportsExactCountsOfTheCycle()
    {
        // The CLI host is never started; resolving the provider is what starts listening (as for sync --once).
        var provider = _host.Services.GetRequiredService<MeterProvider>();
        var cycle = await _host.Services.GetRequiredService<FullCycle>().RunAsync(new FullCycleRequest(Dispatch: true), default);
        // The result is false whatever happened: the Prometheus reader (pull only) cannot be flushed.
        provider.ForceFlush();

        Assert.Equal(1, Histogram("trig.cycle.duration", ("trig.cycle.kind", "full"), ("trig.cycle.outcome", "ok")));
        Assert.Equal(3, Sum("trig.entities.evaluated", ("trig.cycle.kind", "full")));
        Assert.Equal(3, Sum("trig.transitions", ("trig.definition", CrashWorkspace.DefinitionKey), ("trig.transition.kind", "entered")));
        Assert.Equal(3, Sum("trig.actions.sent", ("trig.channel", "slack")));
        Assert.Equal(3, Sum("trig.actions.sent", ("trig.channel", "webhook")));
        Assert.Null(Find("trig.actions.dead_lettered"));
        Assert.Equal(cycle.PropertiesWritten, Sum("trig.metadata.pushed", ("trig.crm.provider", "local")));
        Assert.True(cycle.PropertiesWritten > 0);
        Assert.Equal(6, Gauge("trig.outbox.depth", ("trig.outbox.status", "sent")));
        // The clock did not move since the cycle started; the store keeps milliseconds, so less than one is left.
        Assert.InRange(Gauge("trig.definition.freshness", ("trig.definition", CrashWorkspace.DefinitionKey)), 0, 0.001);

        // Outgoing Slack and webhook calls went through HttpClient instrumentation's meter too.
        Assert.NotNull(Find("http.client.request.duration"));
    }

    private MetricSnapshot? Find(string name) => _exported.LastOrDefault(m => m.Name == name);

    private IEnumerable<MetricPoint> Points(string name, (string Key, string Value)[] tags)
    {
        var metric = Find(name) ?? throw new Xunit.Sdk.XunitException($"{name} was not exported");
        foreach (var point in metric.MetricPoints)
        {
            var have = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var tag in point.Tags)
            {
                have[tag.Key] = tag.Value?.ToString();
            }

            if (tags.All(t => have.GetValueOrDefault(t.Key) == t.Value))
            {
                yield return point;
            }
        }
    }

    private long Sum(string name, params (string, string)[] tags) => Points(name, tags).Sum(p => p.GetSumLong());

    private long Histogram(string name, params (string, string)[] tags) => Points(name, tags).Sum(p => p.GetHistogramCount());

    private double Gauge(string name, params (string, string)[] tags)
    {
        var point = Assert.Single(Points(name, tags));
        return Find(name)!.MetricType == MetricType.LongGauge ? point.GetGaugeLastValueLong() : point.GetGaugeLastValueDouble();
    }
}
