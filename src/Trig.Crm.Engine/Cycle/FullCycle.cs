using System.Diagnostics;
using Trig.Crm.Engine.Alerts;
using Trig.Crm.Engine.Cluster;
using Trig.Crm.Engine.Definitions;
using Trig.Crm.Engine.Outbox;
using Trig.Crm.Engine.Telemetry;
using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Store;
using Trig.Crm.Store.Health;
using Trig.Crm.Store.Runs;

namespace Trig.Crm.Engine.Cycle;

/// <summary>
/// One full cycle: pull → evaluate every unit shard by shard (per shard: transitions + memberships + outbox and the
/// shard marked done, one transaction; then its metadata pushed) → dispatch due actions. Each run, completed or failed, goes into the run history, the
/// metrics and one trace (<c>trig.cycle</c>); then the stale-evaluation alert is checked.
/// </summary>
internal sealed class FullCycle(
    ITrigStore store, CyclePull pull, CycleGate gate, DefinitionCatalog catalog, OutboxDispatcher dispatcher,
    EngineMetrics metrics, StaleAlerts alerts, StoreWriteState writes, ShardedEvaluation sharded, TimeProvider time, ILogger<FullCycle> logger)
{
    public async Task<CycleReport> RunAsync(FullCycleRequest request, CancellationToken ct)
    {
        CycleReport? report = null;
        System.Runtime.ExceptionServices.ExceptionDispatchInfo? failure = null;
        await using (var turn = await gate.EnterAsync(ct))
        {
            var set = await catalog.RequireAsync(ct);
            var now = request.AsOf ?? time.GetUtcNow();
            CycleRefusedException.ThrowIfTooFarAhead(request.AsOf, time.GetUtcNow(), request.Force);
            await CycleRefusedException.ThrowIfBeforeLastCycleAsync(store, request.AsOf, ct);
            using var activity = TrigTelemetry.Source.StartActivity("trig.cycle");
            activity?.SetTag("trig.cycle.kind", TrigTelemetry.CycleKind.Full);
            var started = time.GetUtcNow();
            var clock = time.GetTimestamp();
            try
            {
                report = await RunStepsAsync(set, now, request, ct);
                await CompletedAsync(set, started, clock, report, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                TrigTelemetry.Fail(activity, ex);
                metrics.CycleCompleted(TrigTelemetry.CycleKind.Full, time.GetElapsedTime(clock), ok: false);
                writes.RecordIfOutOfSpace(ex, time.GetUtcNow());
                await RecordAsync(new CycleRun(0, TrigTelemetry.CycleKind.Full, started, time.GetElapsedTime(clock), CycleRun.Failed, ex.Message, 0, 0, 0, 0), [], ct);
                failure = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex);
            }
        }

        // Outside the gate: a slow Slack must not hold up the fast path.
        await alerts.CheckAsync(ct);
        failure?.Throw();
        return report!;
    }

    private async Task CompletedAsync(DefinitionSet set, DateTimeOffset started, long clock, CycleReport report, CancellationToken ct)
    {
        metrics.CycleCompleted(TrigTelemetry.CycleKind.Full, time.GetElapsedTime(clock), ok: true);
        metrics.Evaluated(TrigTelemetry.CycleKind.Full, report.EntitiesEvaluated);
        metrics.Transitions(report.Transitions);
        var run = new CycleRun(0, TrigTelemetry.CycleKind.Full, started, time.GetElapsedTime(clock), CycleRun.Ok, null, report.EntitiesEvaluated,
            report.Transitions.Values.Sum(v => v.Values.Sum()), report.ActionsQueued, report.PropertiesWritten);
        await RecordAsync(run, [.. set.All.Select(d => d.Key)], ct);
    }

    /// <summary>The run history is a record of the cycle, not part of it: failing to write it is logged, not thrown.</summary>
    private async Task RecordAsync(CycleRun run, IReadOnlyCollection<string> evaluated, CancellationToken ct)
    {
        try
        {
            await store.RecordRunAsync(run, evaluated, ct);
            if (run.Succeeded)
            {
                writes.RecordSuccess();
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            writes.RecordIfOutOfSpace(ex, time.GetUtcNow());
            logger.LogError(ex, "Recording the {Outcome} cycle of {At:u} in the run history failed", run.Outcome, run.StartedAt);
        }
    }

    private async Task<CycleReport> RunStepsAsync(DefinitionSet set, DateTimeOffset now, FullCycleRequest request, CancellationToken ct)
    {
        var notes = new List<string>();
        CrmPullSummary? pulled = null;
        if (request.Pull)
        {
            request.Progress?.Report($"Pulling from {pull.Provider}");
            using (TrigTelemetry.Step("trig.pull")?.SetTag("trig.crm.provider", pull.Provider))
            {
                pulled = await pull.PullAsync(new CrmPullRequest(), ct);
            }

            notes.AddRange(pulled.Notes);
        }

        // Evaluate and commit shard by shard (this node and any other that helps), pushing each shard's metadata.
        var (evaluated, shards) = await sharded.RunAsync(set, now, request.Push, request.Progress, ct);
        var pushed = shards.Push;
        notes.AddRange(pushed?.Notes ?? []);
        DispatchReport? dispatched = null;
        if (request.Dispatch)
        {
            request.Progress?.Report("Dispatching due actions");
            using var span = TrigTelemetry.Step("trig.dispatch");
            dispatched = await dispatcher.DispatchDueAsync(ct);
        }

        return await ReportAsync(set, now, request, notes, pulled, evaluated, pushed, dispatched, ct);
    }

    private async Task<CycleReport> ReportAsync(
        DefinitionSet set, DateTimeOffset now, FullCycleRequest request, List<string> notes, CrmPullSummary? pulled, ShardWork evaluated,
        PushOutcome? pushed, DispatchReport? dispatched, CancellationToken ct)
    {
        using var span = TrigTelemetry.Step("trig.report");
        // Only pending + retry are reported: counted through the due index, not grouped over the whole outbox.
        var pending = await store.CountInStatusesAsync([OutboxStatus.Pending, OutboxStatus.Retry], ct);
        return new CycleReport
        {
            At = now,
            Provider = pull.Provider,
            DefinitionsVersion = set.Version,
            Pulled = pulled,
            EntitiesEvaluated = evaluated.Entities,
            Transitions = evaluated.Transitions,
            PropertiesProvisioned = pushed?.Provisioned ?? 0,
            PropertiesWritten = pushed?.Written ?? 0,
            PropertiesFailed = pushed?.Failed ?? 0,
            PushRequests = pushed?.Requests ?? 0,
            ActionsQueued = evaluated.ActionsQueued,
            ActionsSent = dispatched?.Sent ?? 0,
            ActionsFailed = dispatched?.DeadLettered ?? 0,
            ActionsPending = pending,
            Notes = notes,
            Metrics = request.Metrics ? await store.MetricsAsync(set, ct) : [],
        };
    }
}
