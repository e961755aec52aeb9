namespace Trig.Crm.Store.Authoring;

/// <summary>
/// Authored definitions: the definition documents admins write through the admin API, kept as versioned data.
/// Every change of the authored set is one numbered set version (who, when, the text diff of each entry), and is
/// recorded in the audit log in the same transaction.
/// </summary>
public interface IDefinitionAuthoringStore
{
    /// <summary>The number of the last published set version (0 when nothing was ever authored).</summary>
    Task<long> AuthoredSetVersionAsync(CancellationToken cancellationToken);

    /// <summary>The current authored entries (retired ones left out) and the set version they belong to.</summary>
    Task<AuthoredSet> LoadAuthoredAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Publishes <paramref name="change"/> as set version <paramref name="expectedVersion"/> + 1, atomically with its
    /// audit row. Returns null (and stores nothing) when another change was published since
    /// <paramref name="expectedVersion"/> was read.
    /// </summary>
    Task<long?> PublishAsync(AuthoredChange change, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>Every stored version of one entry, newest first.</summary>
    Task<IReadOnlyList<AuthoredVersion>> HistoryAsync(string key, CancellationToken cancellationToken);

    /// <summary>The audit log, newest first: up to <paramref name="limit"/> rows with an id below <paramref name="before"/> (null: from the newest).</summary>
    Task<IReadOnlyList<AuditRecord>> AuditPageAsync(long? before, int limit, CancellationToken cancellationToken);

    /// <summary>Records one admin change that is not a set change (e.g. a CLI command that refused) in the audit log.</summary>
    Task AuditAsync(AuditRecord record, CancellationToken cancellationToken);

    /// <summary>The attributes the store holds, per entity kind and stored type, with a few example values.</summary>
    Task<IReadOnlyList<ObservedAttribute>> ObservedAttributesAsync(int examples, CancellationToken cancellationToken);

    /// <summary>The event names the store holds, with how many were recorded.</summary>
    Task<IReadOnlyList<(string Name, long Count)>> ObservedEventsAsync(CancellationToken cancellationToken);
}
