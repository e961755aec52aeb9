using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Evaluation;

namespace Trig.Crm.Store;

/// <summary>Definition runtime state, benchmarks and the atomic commit of an evaluation.</summary>
public interface IEvaluationStore
{
    /// <summary>Registers definitions seen for the first time (their live time is <paramref name="now"/>) and returns all runtime state.</summary>
    Task<Dictionary<string, DefinitionRuntime>> SyncDefinitionsAsync(DefinitionSet set, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Reads definition runtime state without registering anything (previews).</summary>
    Task<Dictionary<string, DefinitionRuntime>> LoadDefinitionRuntimeAsync(CancellationToken cancellationToken);

    /// <summary>Pauses or resumes a definition (persisted and audited).</summary>
    Task SetPausedAsync(string key, bool paused, string actor, DateTimeOffset now, CancellationToken cancellationToken);

    Task SaveBenchmarksAsync(IReadOnlyDictionary<(string Stage, string Objective), Benchmark> benchmarks, CancellationToken cancellationToken);

    Task<Dictionary<(string Stage, string Objective), Benchmark>> LoadBenchmarksAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Commits transitions, membership changes, outbox rows and attribute changes in ONE transaction, and records the
    /// cycle time when <paramref name="cycleAt"/> is set. Either all of it is written or none. The result is only
    /// read: its memberships (and their <c>Changed</c> flags) are left as they were.
    /// </summary>
    Task CommitAsync(EvaluationResult result, DefinitionSet set, DateTimeOffset? cycleAt, CancellationToken cancellationToken);

    /// <summary>
    /// Records until when each unit's evaluation holds (<see cref="EvaluationResult.Settled"/>), once its evaluation
    /// is committed and its metadata pushed: a later <see cref="Cluster.ClusterCycle.OnlyDue"/> cycle leaves it alone
    /// until then, unless new data marks it dirty.
    /// </summary>
    Task SettleAsync(IReadOnlyList<SettledUnit> settled, CancellationToken cancellationToken);

    /// <summary>The time of the last committed full cycle (used to refuse <c>--as-of</c> in the past).</summary>
    Task<DateTimeOffset?> GetLastCycleAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Takes (or renews) the store-wide cycle lease for <paramref name="owner"/> until <paramref name="until"/>, when it
    /// is free, expired at <paramref name="now"/>, or already the owner's. Returns null when taken, else who holds it
    /// and until when. The expiry means a killed process blocks the next cycle for at most one lease.
    /// </summary>
    Task<string?> TryTakeCycleLeaseAsync(string owner, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken);

    /// <summary>Gives the cycle lease back, if <paramref name="owner"/> still holds it.</summary>
    Task ReleaseCycleLeaseAsync(string owner, CancellationToken cancellationToken);
}
