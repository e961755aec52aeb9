using Trig.Crm.Lifecycle.Actions;
using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Store;

using Trig.Crm.Engine.Metadata;
using Trig.Crm.Engine.Outbox;
using Trig.Crm.Engine.Definitions;
using Trig.Crm.Engine.Cards;
namespace Trig.Crm.Engine.Cycle;

/// <summary>
/// One cycle: pull → evaluate → (transitions + memberships + outbox, one transaction) → provision/push metadata →
/// dispatch due actions. Also the incremental fast path (dirty units only) and previews (no side effects).
/// </summary>
public sealed class CycleRunner(
    ITrigStore store,
    ICrmSource source,
    MetadataPusher pusher,
    DefinitionCatalog catalog,
    OutboxDispatcher dispatcher,
    IEnumerable<IPullFollowUp> followUps,
    TimeProvider time,
    ILogger<CycleRunner> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<CycleReport> RunAsync(CycleRequest request, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            return await RunLockedAsync(request, ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<CrmPullSummary> PullAsync(CrmPullRequest request, CancellationToken ct)
    {
        var summary = await source.PullAsync(store, request, ct);
        foreach (var followUp in followUps)
        {
            await followUp.AfterPullAsync(ct);
        }

        return summary;
    }

    private async Task<CycleReport> RunLockedAsync(CycleRequest request, CancellationToken ct)
    {
        var set = catalog.Require();
        var now = request.AsOf ?? time.GetUtcNow();
        var last = await store.GetLastCycleAsync(ct);
        if (request.AsOf is { } asOf && last is { } l && asOf < l)
        {
            throw new CycleRefusedException($"--as-of {AttributeValue.FormatDateTime(asOf)} is before the last cycle ({AttributeValue.FormatDateTime(l)}); evaluation cannot go back in time");
        }

        var notes = new List<string>();
        CrmPullSummary? pulled = null;
        if (request.Pull && !request.DryRun)
        {
            request.Progress?.Report($"Pulling from {source.Provider}");
            pulled = await PullAsync(new CrmPullRequest(), ct);
            notes.AddRange(pulled.Notes);
        }

        request.Progress?.Report("Loading entities");
        var runtime = request.DryRun ? await PreviewRuntimeAsync(set, now, ct) : await store.SyncDefinitionsAsync(set, now, ct);
        var units = await store.LoadUnitsAsync(null, null, ct);
        var benchmarks = BenchmarkCalculator.Compute(set, units.Select(u => u.Organisation).OfType<EntityState>());
        if (!request.DryRun)
        {
            await store.SaveBenchmarksAsync(benchmarks, ct);
        }

        request.Progress?.Report($"Evaluating {units.Sum(u => u.People.Count + (u.Organisation is null ? 0 : 1))} entities");
        var input = new EvaluationInput(set, runtime, benchmarks, now);
        var result = Evaluator.EvaluateAll(input, units);

        int queued = result.Actions.Count(a => !a.Executed), provisioned = 0, written = 0, failed = 0, requests = 0;
        List<MetadataChange>? previewChanges = null;
        if (request.DryRun)
        {
            previewChanges = await pusher.DiffAsync(set, units, null, ct);
        }
        else
        {
            request.Progress?.Report($"Committing {result.Transitions.Count} transitions");
            await store.CommitAsync(result, set, now, ct);
            if (request.Push)
            {
                (provisioned, written, failed, requests) = await PushAsync(set, units, benchmarks, now, notes, request.Progress, ct);
            }
        }

        DispatchReport? dispatched = null;
        if (request.Dispatch && !request.DryRun)
        {
            request.Progress?.Report("Dispatching due actions");
            dispatched = await dispatcher.DispatchDueAsync(ct);
        }

        var counts = request.DryRun ? new Dictionary<string, int>() : await store.CountByStatusAsync(ct);
        return new CycleReport
        {
            At = now,
            Provider = source.Provider,
            DryRun = request.DryRun,
            DefinitionsVersion = set.Version,
            Pulled = pulled,
            EntitiesEvaluated = result.EntitiesEvaluated,
            Transitions = Count(result.Transitions),
            PropertiesProvisioned = provisioned,
            PropertiesWritten = written,
            PropertiesFailed = failed,
            PushRequests = requests,
            ActionsQueued = queued,
            ActionsSent = dispatched?.Sent ?? 0,
            ActionsFailed = dispatched?.DeadLettered ?? 0,
            ActionsPending = counts.GetValueOrDefault(OutboxStatus.Pending.ToText()) + counts.GetValueOrDefault(OutboxStatus.Retry.ToText()),
            Notes = notes,
            Metrics = request.DryRun || !request.Metrics ? [] : await store.MetricsAsync(ct),
            PreviewTransitions = request.DryRun ? result.Transitions : null,
            PreviewActions = request.DryRun ? [.. result.Actions.Select(Describe)] : null,
            PreviewChanges = previewChanges,
        };
    }

    /// <summary>
    /// The fast path: evaluates only the units marked dirty by ingest/imports/webhooks, commits, pushes their
    /// metadata and dispatches at once. Returns the number of transitions.
    /// </summary>
    public async Task<int> RunIncrementalAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            // Records announced by CRM webhooks are re-read first; on failure they go back in the queue.
            var refresh = await store.TakeRefreshAsync(500, ct);
            if (refresh.Count > 0)
            {
                try
                {
                    await PullAsync(new CrmPullRequest(Only: refresh), ct);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Refreshing {Count} records from {Provider} failed; they stay queued", refresh.Count, source.Provider);
                    await store.EnqueueRefreshAsync(refresh, time.GetUtcNow(), ct);
                }
            }

            var (orgs, orphans) = await store.TakeDirtyAsync(ct);
            if (orgs.Count == 0 && orphans.Count == 0)
            {
                return 0;
            }

            var set = catalog.Current ?? catalog.Require();
            var now = time.GetUtcNow();
            var runtime = await store.SyncDefinitionsAsync(set, now, ct);
            var units = await store.LoadUnitsAsync(orgs, orphans, ct);
            var benchmarks = await store.LoadBenchmarksAsync(ct);
            var result = Evaluator.EvaluateAll(new EvaluationInput(set, runtime, benchmarks, now), units);
            await store.CommitAsync(result, set, null, ct);
            if (result.Transitions.Count > 0)
            {
                await PushAsync(set, units, benchmarks, now, [], null, ct);
            }

            return result.Transitions.Count;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Evaluates the given units without writing anything (preview of one definition's audience, explain).</summary>
    public async Task<(EvaluationInput Input, List<EvaluationUnit> Units)> LoadForPreviewAsync(DateTimeOffset? asOf, CancellationToken ct)
    {
        var set = catalog.Require();
        var now = asOf ?? time.GetUtcNow();
        var runtime = await PreviewRuntimeAsync(set, now, ct);
        var units = await store.LoadUnitsAsync(null, null, ct);
        var benchmarks = await store.LoadBenchmarksAsync(ct);
        return (new EvaluationInput(set, runtime, benchmarks, now), units);
    }

    private async Task<Dictionary<string, DefinitionRuntime>> PreviewRuntimeAsync(DefinitionSet set, DateTimeOffset now, CancellationToken ct)
    {
        // Read-only: definitions the store has not seen yet would go live now.
        var stored = await store.LoadDefinitionRuntimeAsync(ct);
        foreach (var d in set.All)
        {
            stored.TryAdd(d.Key, new DefinitionRuntime(now, false));
        }

        return stored;
    }

    private async Task<(int Provisioned, int Written, int Failed, int Requests)> PushAsync(
        DefinitionSet set, List<EvaluationUnit> units, IReadOnlyDictionary<(string, string), Benchmark> benchmarks, DateTimeOffset now,
        List<string> notes, IProgress<string>? progress, CancellationToken ct)
    {
        try
        {
            var prov = await pusher.ProvisionAsync(set, force: false, ct);
            Func<EntityState, Task<string?>> summary = async e =>
                MetadataProjector.SummaryJson(CardViewBuilder.Build(set, e, benchmarks, await store.TransitionsForAsync(e.Kind, e.Id, 5, ct), now));
            var changes = await pusher.DiffAsync(set, units, summary, ct);
            progress?.Report($"Pushing {changes.Count} metadata values to {pusher.Provider}");
            var pushed = await pusher.PushAsync(changes, ct);
            notes.AddRange(pushed.Notes);
            return (prov?.Created.Count ?? 0, pushed.Written.Count, pushed.Failed.Count, pushed.Requests + (prov?.Requests ?? 0));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The CRM being unreachable must not undo the evaluation: the diff is retried next cycle.
            logger.LogError(ex, "Pushing metadata to {Provider} failed; it will be retried next cycle", pusher.Provider);
            notes.Add($"metadata push to {pusher.Provider} failed: {ex.Message}");
            return (0, 0, 0, 0);
        }
    }

    private static SortedDictionary<string, SortedDictionary<string, int>> Count(IEnumerable<Transition> transitions)
    {
        var d = new SortedDictionary<string, SortedDictionary<string, int>>(StringComparer.Ordinal);
        foreach (var t in transitions)
        {
            if (!d.TryGetValue(t.DefinitionKey, out var byKind))
            {
                d[t.DefinitionKey] = byKind = new SortedDictionary<string, int>(StringComparer.Ordinal);
            }

            byKind[t.Name] = byKind.GetValueOrDefault(t.Name) + 1;
        }

        return d;
    }

    private static PreviewAction Describe(PendingAction a)
    {
        var summary = a.Action switch
        {
            SlackAction s => $"slack {(s.Channel ?? "DM to owner")}: {s.Text}",
            WebhookAction w => $"webhook POST {w.Url}",
            EmailAction e => $"email \"{e.Subject}\"",
            UpdateAttributeAction u => $"set {u.Attribute} = {u.Value}",
            RouteToAction r => $"route to job {r.Job}",
            _ => a.Action.Kind,
        };
        return new PreviewAction(a.Transition.DefinitionKey, a.Transition.EntityId, a.Transition.Name, a.Action.Kind, summary);
    }
}
