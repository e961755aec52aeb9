using Microsoft.Extensions.Options;
using Trig.Crm.Engine.Cycle;
using Trig.Crm.Engine.Telemetry;
using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Store;
using Trig.Crm.Store.Cluster;

namespace Trig.Crm.Engine.Cluster;

/// <summary>
/// The evaluate-and-commit part of a full cycle, shared out. The node running the cycle computes the benchmarks (one
/// aggregate query over the organisations' memberships as they stand before the cycle, which is what
/// <see cref="Lifecycle.Evaluation.BenchmarkCalculator"/> computed over the loaded units), provisions the CRM
/// properties, and opens the cycle; then it works shards with every other node's helper loop until none is left,
/// and closes the cycle. A cycle left open by a node that died is finished first.
/// </summary>
internal sealed class ShardedEvaluation(
    ITrigStore store, ShardRunner runner, CyclePush push, ClusterNode node, IOptions<ClusterOptions> options, TimeProvider time, ILogger<ShardedEvaluation> logger)
{
    /// <summary>Returns the whole cycle's counts (every node's shards) and this node's pushes.</summary>
    public async Task<(ShardWork All, ShardWork Mine)> RunAsync(DefinitionSet set, DateTimeOffset now, bool pushMetadata, IProgress<string>? progress, CancellationToken ct)
    {
        if (await store.GetOpenCycleAsync(ct) is { } left)
        {
            logger.LogWarning("Finishing cycle {Cycle} (as of {AsOf:u}), left open by {Owner}, before this one", left.Id, left.AsOf, left.OpenedBy);
            await FinishAsync(left, set, pushMetadata, progress, ct);
        }

        var mine = new ShardWork();
        ClusterCycle cycle;
        using (var opening = TrigTelemetry.Step("trig.open"))
        {
            // Each part of the opening is a child span, so a trace (and the sync bench) shows which one costs.
            Dictionary<string, DefinitionRuntime> runtime;
            using (TrigTelemetry.Step("trig.open.definitions"))
            {
                runtime = await store.SyncDefinitionsAsync(set, now, ct);
            }

            Dictionary<(string Stage, string Objective), Benchmark> benchmarks;
            using (TrigTelemetry.Step("trig.open.benchmarks"))
            {
                benchmarks = await store.ComputeBenchmarksAsync(Objectives(set), ct);
            }

            if (pushMetadata)
            {
                // Provisions the CRM properties once per cycle (each shard's push then finds them there).
                using (TrigTelemetry.Step("trig.open.provision"))
                {
                    mine.AddPush(await push.PushAsync(set, [], benchmarks, now, progress, ct));
                }
            }

            using (TrigTelemetry.Step("trig.open.shards"))
            {
                var basis = options.Value.SkipSettled ? SettledBasis.Of(set, runtime, benchmarks) : null;
                cycle = await store.OpenCycleAsync(now, set.Version, options.Value.ShardSize, node.Id, basis, time.GetUtcNow(), ct);
            }

            opening?.SetTag("trig.cycle.only_due", cycle.OnlyDue);
        }

        if (cycle.OnlyDue)
        {
            progress?.Report("Nothing but data and time changed since the last cycle: evaluating the due units only");
        }

        var (all, pushed) = await FinishAsync(cycle, set, pushMetadata, progress, ct);
        mine.Add(pushed);
        return (all, mine);
    }

    private async Task<(ShardWork All, ShardWork Mine)> FinishAsync(ClusterCycle cycle, DefinitionSet set, bool pushMetadata, IProgress<string>? progress, CancellationToken ct)
    {
        var mine = new ShardWork();
        while (true)
        {
            mine.Add(await runner.RunAsync(cycle, set, pushMetadata, progress, ct));
            if (await store.CloseCycleAsync(cycle.Id, time.GetUtcNow(), ct) is { } outcomes)
            {
                return (Sum(outcomes), mine);
            }

            if (await store.GetOpenCycleAsync(ct) is not { } open || open.Id != cycle.Id)
            {
                return (mine, mine); // closed by a node that took over: the counts known here are this node's
            }

            // Shards held by other nodes: wait for them (or for their leases to run out, then take them over).
            // Real time, as the cycle gate waits: this is how long the process sits idle, not lifecycle time.
            await Task.Delay(TimeSpan.FromMilliseconds(options.Value.PollMilliseconds), ct);
        }
    }

    internal static ShardWork Sum(IEnumerable<ShardOutcome> outcomes)
    {
        var all = new ShardWork();
        foreach (var o in outcomes)
        {
            all.AddShard(o.Entities, o.ActionsQueued, ShardRunner.ReadTransitions(o.Transitions));
        }

        return all;
    }

    internal static List<(string Stage, string Objective)> Objectives(DefinitionSet set) =>
        [.. set.Ordered.Where(d => d.Kind == DefinitionKind.Stage).SelectMany(s => s.Objectives.Select(o => (s.Key, o.Key))).Distinct()];
}
