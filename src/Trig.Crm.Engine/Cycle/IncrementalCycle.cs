using Trig.Crm.Engine.Definitions;
using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Store;

namespace Trig.Crm.Engine.Cycle;

/// <summary>
/// The fast path: re-reads the records CRM webhooks announced, evaluates only the units marked dirty by ingest,
/// imports or webhooks, commits, and pushes their metadata.
/// </summary>
internal sealed class IncrementalCycle(
    ITrigStore store, CyclePull pull, CyclePush push, CycleGate gate, DefinitionCatalog catalog, TimeProvider time, ILogger<IncrementalCycle> logger)
{
    public async Task<IncrementalReport> RunAsync(CancellationToken ct)
    {
        await using var turn = await gate.EnterAsync(ct);
        var refreshed = await RefreshAnnouncedAsync(ct);
        var (orgs, orphans) = await store.TakeDirtyAsync(ct);
        if (orgs.Count == 0 && orphans.Count == 0)
        {
            return new IncrementalReport(refreshed, 0, 0);
        }

        var set = await catalog.CurrentAsync(ct);
        var now = time.GetUtcNow();
        var runtime = await store.SyncDefinitionsAsync(set, now, ct);
        var units = await store.LoadUnitsAsync(orgs, orphans, ct);
        var benchmarks = await store.LoadBenchmarksAsync(ct);
        var result = Evaluator.EvaluateAll(new EvaluationInput(set, runtime, benchmarks, now), units);
        await store.CommitAsync(result, set, null, ct);
        if (result.Transitions.Count > 0)
        {
            await push.PushAsync(set, units, benchmarks, now, null, ct);
        }

        return new IncrementalReport(refreshed, result.EntitiesEvaluated, result.Transitions.Count);
    }

    /// <summary>Records announced by CRM webhooks are re-read first; on failure they go back in the queue.</summary>
    private async Task<int> RefreshAnnouncedAsync(CancellationToken ct)
    {
        var refresh = await store.TakeRefreshAsync(500, ct);
        if (refresh.Count == 0)
        {
            return 0;
        }

        try
        {
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
