using System.Diagnostics;
using Trig.Crm.Engine.Definitions;
using Trig.Crm.Engine.Telemetry;
using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Store;

namespace Trig.Crm.Engine.Cycle;

/// <summary>
/// The fast path: re-reads the records CRM webhooks announced, evaluates only the units marked dirty by ingest,
/// imports or webhooks, commits, and pushes their metadata.
/// </summary>
internal sealed class IncrementalCycle(
    ITrigStore store, CyclePull pull, CyclePush push, CycleGate gate, DefinitionCatalog catalog, EngineMetrics metrics, TimeProvider time,
    ILogger<IncrementalCycle> logger)
{
    public Task<IncrementalReport> RunAsync(CancellationToken ct) => RunAsync([], ct);

    /// <summary>
    /// One fast-path run. <paramref name="links"/> are the trace contexts of the calls that woke it (ingest): the run's
    /// span links to each, so an ingest call and the evaluation it caused can be found from one another.
    /// </summary>
    public async Task<IncrementalReport> RunAsync(IReadOnlyList<ActivityContext> links, CancellationToken ct)
    {
        // While another node holds the store's cycle lease, this run is skipped and the marks stay for the next tick,
        // instead of waiting out the lease and failing noisily; in this process it waits its turn as before.
        await using var turn = await gate.EnterUnlessHeldElsewhereAsync(ct);
        if (turn is null)
        {
            return new IncrementalReport(0, 0, 0);
        }

        if (await store.GetOpenCycleAsync(ct) is not null)
        {
            // A full cycle is being shared out (its node may have stopped): the marks wait for it to close, so a unit
            // is never evaluated here and in a shard at once.
            return new IncrementalReport(0, 0, 0);
        }

        var clock = time.GetTimestamp();
        var refresh = await store.TakeRefreshAsync(500, ct);
        // A trace only for runs with work: the timed loop runs every half second, mostly finding nothing.
        using var activity = refresh.Count > 0 || links.Count > 0 ? Start(links) : null;
        var refreshed = await RefreshAnnouncedAsync(refresh, ct);
        var (orgs, orphans) = await store.TakeDirtyAsync(ct);
        if (orgs.Count == 0 && orphans.Count == 0)
        {
            return new IncrementalReport(refreshed, 0, 0);
        }

        using var work = activity is null ? Start(links) : null;
        try
        {
            var report = await EvaluateAsync(refreshed, orgs, orphans, ct);
            metrics.CycleCompleted(TrigTelemetry.CycleKind.FastPath, time.GetElapsedTime(clock), ok: true);
            metrics.Evaluated(TrigTelemetry.CycleKind.FastPath, report.EntitiesEvaluated);
            return report;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            TrigTelemetry.Fail(activity ?? work, ex);
            metrics.CycleCompleted(TrigTelemetry.CycleKind.FastPath, time.GetElapsedTime(clock), ok: false);
            throw;
        }
    }

    private static Activity? Start(IReadOnlyList<ActivityContext> links) =>
        TrigTelemetry.Source.StartActivity("trig.cycle", ActivityKind.Internal, parentContext: default,
            tags: [new("trig.cycle.kind", TrigTelemetry.CycleKind.FastPath)], links: [.. links.Select(l => new ActivityLink(l))]);

    private async Task<IncrementalReport> EvaluateAsync(int refreshed, IReadOnlyCollection<string> orgs, IReadOnlyCollection<string> orphans, CancellationToken ct)
    {
        var set = await catalog.CurrentAsync(ct);
        var now = time.GetUtcNow();
        var runtime = await store.SyncDefinitionsAsync(set, now, ct);
        List<EvaluationUnit> units;
        Dictionary<(string, string), Benchmark> benchmarks;
        EvaluationResult result;
        using (TrigTelemetry.Step("trig.evaluate"))
        {
            units = await store.LoadUnitsAsync(orgs, orphans, ct);
            benchmarks = await store.LoadBenchmarksAsync(ct);
            result = Evaluator.EvaluateAll(new EvaluationInput(set, runtime, benchmarks, now) { Horizons = true }, units);
        }

        using (TrigTelemetry.Step("trig.commit")?.SetTag("trig.transitions", result.Transitions.Count))
        {
            await store.CommitAsync(result, set, null, ct);
        }

        metrics.Transitions(TransitionCounts.ByDefinition(result.Transitions));
        PushOutcome? pushed = null;
        if (result.Transitions.Count > 0)
        {
            using var span = TrigTelemetry.Step("trig.push");
            pushed = await push.PushAsync(set, units, benchmarks, now, null, ct);
        }

        await push.SettleAsync(result, units, pushed, pushAsked: result.Transitions.Count > 0, ct);

        return new IncrementalReport(refreshed, result.EntitiesEvaluated, result.Transitions.Count);
    }

    /// <summary>Records announced by CRM webhooks are re-read first; on failure they go back in the queue.</summary>
    private async Task<int> RefreshAnnouncedAsync(List<CrmRecordRef> refresh, CancellationToken ct)
    {
        if (refresh.Count == 0)
        {
            return 0;
        }

        try
        {
            using var span = TrigTelemetry.Step("trig.pull")?.SetTag("trig.crm.provider", pull.Provider);
            await pull.PullAsync(new CrmPullRequest(Only: refresh), ct);
            return refresh.Count;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Refreshing {Count} records from {Provider} failed; they stay queued", refresh.Count, pull.Provider);
            await store.EnqueueRefreshAsync(refresh, time.GetUtcNow(), ct);
            return 0;
        }
    }
}
