using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Trig.Crm.Engine.Cycle;
using Trig.Crm.Engine.Definitions;
using Trig.Crm.Engine.Outbox;
using Trig.Crm.Ingest.Csv;
using Trig.Crm.Store;
using Trig.Crm.Worker.Hosting;
using Trig.Crm.Worker.Tests.Support;

namespace Trig.Crm.Worker.Tests.Jobs;

/// <summary>
/// Retries through the real dispatcher, store and handlers (CLI host, temp SQLite, WireMock edges), with the clock
/// moved past the backoff instead of waited for.
/// </summary>
public sealed class DispatchRetryTests : IAsyncLifetime
{
    private readonly FakeSlack _slack = new();
    private readonly FakeWebhookReceiver _hooks = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow); // Slack ts in the fake are wall-clock
    private CrashWorkspace _ws = null!;
    private IHost _host = null!;

    public async Task InitializeAsync()
    {
        _ws = new CrashWorkspace(3, _slack, _hooks);
        // One send at a time, so "the rows not yet started when the lease lapses" is an exact count.
        _host = TrigHost.BuildCli([.. _ws.ConfigArgs, "--Trig:Schedule:DispatchConcurrency=1"], b => b.Services.AddSingleton<TimeProvider>(_time));
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
    public async Task Dispatch_WebhookReceiverAnswers500Then200_SameIdempotencyKeyAndBodyOnEveryAttempt()
    {
        _hooks.FailuresFor = _ => 1;

        var cycle = await _host.Services.GetRequiredService<FullCycle>().RunAsync(new FullCycleRequest(Dispatch: true), default);
        var afterFirst = _hooks.Deliveries;
        _time.Advance(TimeSpan.FromMinutes(5)); // past the first backoff (~30 s)
        var second = await _host.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync(default);

        Assert.Equal(6, cycle.ActionsQueued);
        Assert.Equal(3, afterFirst.Count);
        Assert.All(afterFirst, d => Assert.Equal(500, d.Status));
        Assert.Equal(3, second.Sent); // the 3 webhooks; the Slack posts went out the first time
        var byKey = _hooks.Deliveries.GroupBy(d => d.Key!).ToList();
        Assert.Equal(3, byKey.Count);
        Assert.All(byKey, g =>
        {
            Assert.Equal([500, 200], g.Select(d => d.Status));
            Assert.Single(g.Select(d => d.Body).Distinct());
            Assert.Matches($"^{CrashWorkspace.DefinitionKey}:org:org-00[1-3]:[0-9]+:1:-1$", g.Key);
        });
        Assert.Equal(6, _ws.OutboxRows().Count(r => r.Status == "sent"));
    }

    [Fact]
    public async Task Dispatch_SlackAcceptedThePostButAnswered500_RetryFindsItInHistoryAndDoesNotPostAgain()
    {
        _slack.AcceptThenFailFirst = key => key.StartsWith($"{CrashWorkspace.DefinitionKey}:org:org-002:", StringComparison.Ordinal);

        var cycle = await _host.Services.GetRequiredService<FullCycle>().RunAsync(new FullCycleRequest(Dispatch: true), default);
        var historyAfterFirst = _slack.HistoryCalls;
        _time.Advance(TimeSpan.FromMinutes(5));
        var second = await _host.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync(default);

        Assert.Equal(1, cycle.ActionsPending);
        Assert.Equal(0, historyAfterFirst);
        Assert.Equal(1, second.Sent);
        Assert.Equal(1, _slack.HistoryCalls);
        Assert.Equal(3, _slack.Posts.Count);
        Assert.Equal(3, _slack.Posts.Select(p => p.Key).Distinct().Count());
        Assert.Equal(6, _ws.OutboxRows().Count(r => r.Status == "sent"));
    }

    [Fact]
    public async Task Dispatch_LeaseRunsOutMidBatch_RowsAnotherDispatcherClaimedAreNotSent()
    {
        var store = _host.Services.GetRequiredService<ITrigStore>();
        IReadOnlyList<Lifecycle.Actions.OutboxItem>? takenByOther = null;
        var first = 0;
        TimeSpan? OnDelivery(string key)
        {
            if (Interlocked.Exchange(ref first, 1) == 0)
            {
                // While the first send is on the wire the lease (2 s here) runs out and a second worker claims the rest.
                _time.Advance(TimeSpan.FromSeconds(3));
                takenByOther = store.ClaimDueAsync(50, _time.GetUtcNow(), TimeSpan.FromMinutes(2), default).GetAwaiter().GetResult();
            }

            return null;
        }

        _slack.SlowFor = OnDelivery;
        _hooks.SlowFor = OnDelivery;

        await _host.Services.GetRequiredService<FullCycle>().RunAsync(new FullCycleRequest(Dispatch: true), default);

        // The other worker takes all 6 (the one on the wire had lapsed too: a lease must outlast one send's timeout).
        Assert.NotNull(takenByOther);
        Assert.Equal(6, takenByOther.Count);
        Assert.Equal(1, _slack.Posts.Count + _hooks.Deliveries.Count);
        var rows = _ws.OutboxRows();
        var sent = Assert.Single(rows, r => r.Status == "sent");
        Assert.Equal(
            takenByOther.Select(i => i.IdempotencyKey).Where(k => k != sent.Key).Order(StringComparer.Ordinal),
            rows.Where(r => r.Status == "in_flight").Select(r => r.Key).Order(StringComparer.Ordinal));
    }
}
