using Trig.Crm.Engine.Definitions;
using Trig.Crm.Engine.Outbox;
using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Store;

namespace Trig.Crm.Engine.Cycle;

/// <summary>
/// One full cycle: pull → evaluate every unit → (transitions + memberships + outbox, one transaction) →
/// provision/push metadata → dispatch due actions.
/// </summary>
internal sealed class FullCycle(
    ITrigStore store, CyclePull pull, CyclePush push, CycleGate gate, DefinitionCatalog catalog, OutboxDispatcher dispatcher, TimeProvider time)
{
    public async Task<CycleReport> RunAsync(FullCycleRequest request, CancellationToken ct)
    {
        await using var turn = await gate.EnterAsync(ct);
        var set = await catalog.RequireAsync(ct);
        var now = request.AsOf ?? time.GetUtcNow();
        CycleRefusedException.ThrowIfTooFarAhead(request.AsOf, time.GetUtcNow(), request.Force);
        await CycleRefusedException.ThrowIfBeforeLastCycleAsync(store, request.AsOf, ct);

        var notes = new List<string>();
        CrmPullSummary? pulled = null;
        if (request.Pull)
        {
            request.Progress?.Report($"Pulling from {pull.Provider}");
            pulled = await pull.PullAsync(new CrmPullRequest(), ct);
            notes.AddRange(pulled.Notes);
        }

        request.Progress?.Report("Loading entities");
        var runtime = await store.SyncDefinitionsAsync(set, now, ct);
        var units = await store.LoadUnitsAsync(null, null, ct);
        var benchmarks = BenchmarkCalculator.Compute(set, units.Select(u => u.Organisation).OfType<EntityState>());
        await store.SaveBenchmarksAsync(benchmarks, ct);

        request.Progress?.Report($"Evaluating {units.Sum(u => u.People.Count + (u.Organisation is null ? 0 : 1))} entities");
        var result = Evaluator.EvaluateAll(new EvaluationInput(set, runtime, benchmarks, now), units);

        request.Progress?.Report($"Committing {result.Transitions.Count} transitions");
        await store.CommitAsync(result, set, now, ct);
        var pushed = request.Push ? await push.PushAsync(set, units, benchmarks, now, request.Progress, ct) : null;
        notes.AddRange(pushed?.Notes ?? []);

        DispatchReport? dispatched = null;
        if (request.Dispatch)
        {
            request.Progress?.Report("Dispatching due actions");
            dispatched = await dispatcher.DispatchDueAsync(ct);
        }

        var counts = await store.CountByStatusAsync(ct);
        return new CycleReport
        {
            At = now,
            Provider = pull.Provider,
            DefinitionsVersion = set.Version,
            Pulled = pulled,
            EntitiesEvaluated = result.EntitiesEvaluated,
            Transitions = TransitionCounts.ByDefinition(result.Transitions),
            PropertiesProvisioned = pushed?.Provisioned ?? 0,
            PropertiesWritten = pushed?.Written ?? 0,
            PropertiesFailed = pushed?.Failed ?? 0,
            PushRequests = pushed?.Requests ?? 0,
            ActionsQueued = result.Actions.Count(a => !a.Executed),
            ActionsSent = dispatched?.Sent ?? 0,
            ActionsFailed = dispatched?.DeadLettered ?? 0,
            ActionsPending = counts.GetValueOrDefault(OutboxStatus.Pending.ToText()) + counts.GetValueOrDefault(OutboxStatus.Retry.ToText()),
            Notes = notes,
            Metrics = request.Metrics ? await store.MetricsAsync(set, ct) : [],
        };
    }
}
