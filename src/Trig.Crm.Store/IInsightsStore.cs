using Trig.Crm.Store.Insights;

namespace Trig.Crm.Store;

/// <summary>
/// The reads behind pattern discovery and measurement (retention gaps, funnels, job effectiveness, signal history,
/// cohort members), and the daily signal snapshots. Reads run on their own read-only connection: with the SQLite
/// WAL journal a reader never blocks the cycle's writes, and the cycle never blocks a reader.
/// </summary>
public interface IInsightsStore
{
    /// <summary>The memberships (one row per entity and definition, its latest run) of the given definitions.</summary>
    Task<IReadOnlyList<MembershipRow>> MembershipRowsAsync(IReadOnlyCollection<string> definitionKeys, CancellationToken cancellationToken);

    /// <summary>The ids of every entity of a kind.</summary>
    Task<IReadOnlyList<string>> EntityIdsAsync(Lifecycle.Model.EntityKind kind, CancellationToken cancellationToken);

    /// <summary>Every recorded transition of the given definitions, oldest first.</summary>
    Task<IReadOnlyList<TransitionRow>> TransitionRowsAsync(IReadOnlyCollection<string> definitionKeys, CancellationToken cancellationToken);

    /// <summary>Transitions of one definition recorded in [from, to), oldest first.</summary>
    Task<IReadOnlyList<TransitionRow>> TransitionRowsBetweenAsync(string definitionKey, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>Writes the snapshot of a signal for its day, replacing an earlier one for the same day.</summary>
    Task UpsertSignalSnapshotAsync(SignalSnapshot snapshot, CancellationToken cancellationToken);

    /// <summary>A signal's daily snapshots, oldest day first.</summary>
    Task<IReadOnlyList<SignalSnapshot>> SignalSnapshotsAsync(string signalKey, CancellationToken cancellationToken);

    /// <summary>
    /// One page (1-based) of the current members of a definition, ordered by entity id, with the named attributes
    /// (null where the entity has no value), and the total number of members.
    /// </summary>
    Task<MembersPage> MembersAsync(string definitionKey, IReadOnlyList<string> attributes, int page, int pageSize, CancellationToken cancellationToken);
}
