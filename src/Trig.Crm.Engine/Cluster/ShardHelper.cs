using Trig.Crm.Engine.Cycle;
using Trig.Crm.Engine.Definitions;
using Trig.Crm.Engine.Telemetry;
using Trig.Crm.Store;
using Trig.Crm.Store.Runs;

namespace Trig.Crm.Engine.Cluster;

/// <summary>
/// What every <c>trig run</c> does between its own cycles: look for a cycle another node opened and work its open
/// shards. The node that opened a cycle closes it; when that node is gone (its cycle lease has lapsed, so this node
/// can take the cycle gate), the helper that finds every shard done closes it and records the run.
/// </summary>
internal sealed class ShardHelper(ITrigStore store, ShardRunner runner, CycleGate gate, DefinitionCatalog catalog, TimeProvider time, ILogger<ShardHelper> logger)
{
    /// <summary>One look; returns how many shards this node evaluated.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        if (await store.GetOpenCycleAsync(ct) is not { } cycle)
        {
            return 0;
        }

        var set = await catalog.CurrentAsync(ct);
        if (set.Version != cycle.DefinitionsVersion && (set = await catalog.RequireAsync(ct)).Version != cycle.DefinitionsVersion)
        {
            // Definitions published after the cycle opened: the node that opened it evaluates with the cycle's own.
            logger.LogDebug("Cycle {Cycle} runs definitions {Version}; this node has {Mine}", cycle.Id, cycle.DefinitionsVersion, set.Version);
            return 0;
        }

        if (await runner.TryRunAsync(cycle, set, ct) is not { } work)
        {
            return 0; // this node is working shards already (it runs the cycle)
        }

        await using (var turn = await gate.TryEnterAsync(ct))
        {
            if (turn is not null && await store.CloseCycleAsync(cycle.Id, time.GetUtcNow(), ct) is { } outcomes)
            {
                var all = ShardedEvaluation.Sum(outcomes);
                logger.LogWarning("Closed cycle {Cycle} (as of {AsOf:u}) for {Owner}, which stopped before finishing it", cycle.Id, cycle.AsOf, cycle.OpenedBy);
                await store.RecordRunAsync(
                    new CycleRun(0, TrigTelemetry.CycleKind.Full, cycle.AsOf, TimeSpan.Zero, CycleRun.Ok, null, all.Entities,
                        all.Transitions.Values.Sum(v => v.Values.Sum()), all.ActionsQueued, 0),
                    [.. set.All.Select(d => d.Key)], ct);
            }
        }

        return work.Shards;
    }
}
