using Trig.Crm.Store.Runs;

namespace Trig.Crm.Store;

/// <summary>The run history of full cycles, each definition's freshness, and the reads health checks need.</summary>
public interface IRunStore
{
    /// <summary>
    /// Appends <paramref name="run"/> (its <see cref="CycleRun.Id"/> is ignored) and, when it succeeded, marks every key
    /// of <paramref name="evaluated"/> as evaluated at the run's start. Returns the new id.
    /// </summary>
    Task<long> RecordRunAsync(CycleRun run, IReadOnlyCollection<string> evaluated, CancellationToken cancellationToken);

    /// <summary>The latest runs, newest first.</summary>
    Task<IReadOnlyList<CycleRun>> RecentRunsAsync(int limit, CancellationToken cancellationToken);

    /// <summary>When each definition was last evaluated by a completed full cycle.</summary>
    Task<IReadOnlyDictionary<string, DateTimeOffset>> FreshnessAsync(CancellationToken cancellationToken);

    /// <summary>When the oldest outbox action that is due (pending or retry, due at or before <paramref name="now"/>) became due; null when none.</summary>
    Task<DateTimeOffset?> OldestDueActionAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
