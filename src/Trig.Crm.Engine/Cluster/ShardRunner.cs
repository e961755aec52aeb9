using System.Text.Json;
using Microsoft.Extensions.Options;
using Trig.Crm.Engine.Cycle;
using Trig.Crm.Engine.Telemetry;
using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Store;
using Trig.Crm.Store.Cluster;

namespace Trig.Crm.Engine.Cluster;

/// <summary>
/// Works the shards of an open cycle on this node, one at a time: claim, load that shard's units only, evaluate,
/// commit (with the shard marked done, in one transaction), then push that shard's metadata. Memory is bounded by one
/// shard, whatever the store holds. The node that opened the cycle and the helper loop of every node both run it.
/// </summary>
internal sealed class ShardRunner(ITrigStore store, CyclePush push, ClusterNode node, IOptions<ClusterOptions> options, TimeProvider time, ILogger<ShardRunner> logger)
{
    private readonly SemaphoreSlim _one = new(1, 1);

    /// <summary>Works shards until none is left to claim; waits for this node's other shard work to finish first.</summary>
    public async Task<ShardWork> RunAsync(ClusterCycle cycle, DefinitionSet set, bool pushMetadata, IProgress<string>? progress, CancellationToken ct)
    {
        await _one.WaitAsync(ct);
        try
        {
            return await WorkAsync(cycle, set, pushMetadata, progress, ct);
        }
        finally
        {
            _one.Release();
        }
    }

    /// <summary>As <see cref="RunAsync"/>, but returns null at once when this node is already working shards.</summary>
    public async Task<ShardWork?> TryRunAsync(ClusterCycle cycle, DefinitionSet set, CancellationToken ct)
    {
        if (!await _one.WaitAsync(0, ct))
        {
            return null;
        }

        try
        {
            return await WorkAsync(cycle, set, pushMetadata: true, progress: null, ct);
        }
        finally
        {
            _one.Release();
        }
    }

    private async Task<ShardWork> WorkAsync(ClusterCycle cycle, DefinitionSet set, bool pushMetadata, IProgress<string>? progress, CancellationToken ct)
    {
        var work = new ShardWork();
        var runtime = await store.SyncDefinitionsAsync(set, cycle.AsOf, ct);
        var benchmarks = await store.LoadBenchmarksAsync(ct);
        var lease = TimeSpan.FromSeconds(options.Value.ShardLeaseSeconds);
        while (true)
        {
            var now = time.GetUtcNow();
            if (await store.ClaimShardAsync(cycle, node.Id, now, now + lease, ct) is not { } shard)
            {
                return work;
            }

            progress?.Report($"Evaluating shard {shard.Shard + 1} of {cycle.Shards}");
            List<EvaluationUnit> units;
            EvaluationResult result;
            using (TrigTelemetry.Step("trig.load"))
            {
                units = await store.LoadShardUnitsAsync(shard, ct);
            }

            using (var evaluate = TrigTelemetry.Step("trig.evaluate"))
            {
                result = Evaluator.EvaluateAll(new EvaluationInput(set, runtime, benchmarks, cycle.AsOf) { Horizons = true }, units);
                evaluate?.SetTag("trig.entities", result.EntitiesEvaluated);
            }

            var transitions = TransitionCounts.ByDefinition(result.Transitions);
            var outcome = new ShardOutcome(result.EntitiesEvaluated, result.Actions.Count(a => !a.Executed), JsonSerializer.Serialize(transitions));
            using (TrigTelemetry.Step("trig.commit")?.SetTag("trig.transitions", result.Transitions.Count))
            {
                if (!await store.CommitShardAsync(shard, result, set, outcome, time.GetUtcNow(), ct))
                {
                    // Its lease ran out and another node took it (or finished it): that node's commit is the one kept.
                    logger.LogWarning("Shard {Shard} of cycle {Cycle} was taken over by another node; this node's evaluation of it is dropped", shard.Shard, cycle.Id);
                    continue;
                }
            }

            work.AddShard(outcome.Entities, outcome.ActionsQueued, transitions);
            var pushAsked = pushMetadata && units.Count > 0;
            PushOutcome? pushed = null;
            if (pushAsked)
            {
                using var span = TrigTelemetry.Step("trig.push");
                pushed = await push.PushAsync(set, units, benchmarks, cycle.AsOf, progress, ct);
                work.AddPush(pushed);
            }

            // Last: a node that stops before this leaves the shard's units due, to be evaluated and pushed again.
            await push.SettleAsync(result, units, pushed, pushAsked, ct);
        }
    }

    /// <summary>The transition counts a shard stored, back as the report's shape (empty when there were none).</summary>
    public static SortedDictionary<string, SortedDictionary<string, int>> ReadTransitions(string text) =>
        string.IsNullOrEmpty(text)
            ? new(StringComparer.Ordinal)
            : new(JsonSerializer.Deserialize<Dictionary<string, SortedDictionary<string, int>>>(text) ?? [], StringComparer.Ordinal);
}
