namespace Trig.Crm.Store;

/// <summary>
/// The whole store. The SQLite implementation is the default; a PostgreSQL one implements the same interfaces
/// (the engine only sees <see cref="Lifecycle.Evaluation"/> types, never SQL).
/// </summary>
public interface ITrigStore : IEntityStore, IEvaluationStore, IOutboxStore, IMetadataStateStore, IReportingStore, IIngestStore, Authoring.IDefinitionAuthoringStore, IInsightsStore, IRunStore, Cluster.IClusterStore, Cluster.IClusterStatusStore, IPushJournalStore
{
    /// <summary>Creates or upgrades the schema (versioned migrations).</summary>
    Task MigrateAsync(CancellationToken cancellationToken);

    /// <summary>Deletes all data (keeps the schema). Used by the demo to start over.</summary>
    Task ResetAsync(CancellationToken cancellationToken);

    /// <summary>True when the store is opened read-only (a file this process may not write, or Mode=ReadOnly).</summary>
    bool IsReadOnly { get; }

    /// <summary>Whether the store answers (readiness).</summary>
    Task<bool> PingAsync(CancellationToken cancellationToken);
}
