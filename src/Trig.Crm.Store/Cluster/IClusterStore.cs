using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Evaluation;

namespace Trig.Crm.Store.Cluster;

/// <summary>
/// The sharded full cycle: one node opens a cycle (its as-of time and definitions), its organisations split into
/// shards of consecutive ids; every node claims open shards with a lease, evaluates one shard's units at a time and
/// commits the shard's evaluation together with marking it done, so a shard is committed once however often it is run.
/// </summary>
public interface IClusterStore
{
    /// <summary>
    /// Opens a cycle as of <paramref name="asOf"/> with shards of at most <paramref name="shardSize"/> organisations
    /// (and people without one), unless a cycle is open already: then that one is returned, to be finished first.
    /// <paramref name="settledBasis"/> names what every unit's evaluation depended on besides its own data (definitions,
    /// their runtime state, benchmarks): when it equals the basis of the last closed cycle, the cycle is
    /// <see cref="ClusterCycle.OnlyDue"/>. Null never matches (every unit is evaluated).
    /// </summary>
    Task<ClusterCycle> OpenCycleAsync(
        DateTimeOffset asOf, string definitionsVersion, int shardSize, string owner, string? settledBasis, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The open cycle, or null when none is.</summary>
    Task<ClusterCycle?> GetOpenCycleAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Claims one shard of <paramref name="cycle"/> for <paramref name="owner"/> until <paramref name="until"/>:
    /// one not done and never claimed, or whose lease ran out at <paramref name="now"/>. Null when none is left to claim.
    /// </summary>
    Task<ShardClaim?> ClaimShardAsync(ClusterCycle cycle, string owner, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken);

    /// <summary>
    /// The evaluation units of a shard: its organisations with their people, or its people without one (of an
    /// <see cref="ClusterCycle.OnlyDue"/> cycle, only the due ones). Takes the shard's dirty marks, and every unit it
    /// returns stays due until <see cref="IEvaluationStore.SettleAsync"/> records its evaluation, so a node that stops
    /// in between leaves nothing behind.
    /// </summary>
    Task<List<EvaluationUnit>> LoadShardUnitsAsync(ShardClaim shard, CancellationToken cancellationToken);

    /// <summary>
    /// Commits a shard's evaluation (as <see cref="IEvaluationStore.CommitAsync"/> does) and marks the shard done, in ONE
    /// transaction, only if <see cref="ShardClaim.Owner"/> still holds it and it is not done. Returns false, writing
    /// nothing, when the lease was lost (another node claimed the shard) or the shard is done.
    /// </summary>
    Task<bool> CommitShardAsync(ShardClaim shard, EvaluationResult result, DefinitionSet set, ShardOutcome outcome, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Closes cycle <paramref name="cycleId"/> when every shard is done, recording its as-of time as the last cycle.
    /// Returns each shard's outcome to the one caller that closed it; null when shards remain or it was closed already.
    /// </summary>
    Task<IReadOnlyList<ShardOutcome>?> CloseCycleAsync(long cycleId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// The objective benchmarks over every organisation, as <see cref="BenchmarkCalculator"/> computes them, by one
    /// aggregate query instead of loading the organisations, and saved for <see cref="IEvaluationStore.LoadBenchmarksAsync"/>.
    /// The aggregate is kept, and reused (nothing written) while no stage or objective transition has been committed and
    /// no organisation removed since (see <see cref="BenchmarkCache"/>): memberships changed any other way are not seen
    /// until then.
    /// </summary>
    Task<Dictionary<(string Stage, string Objective), Benchmark>> ComputeBenchmarksAsync(
        IReadOnlyCollection<(string Stage, string Objective)> objectives, CancellationToken cancellationToken);
}
