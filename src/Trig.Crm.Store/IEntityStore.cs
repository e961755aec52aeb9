using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;

namespace Trig.Crm.Store;

/// <summary>Entities, attributes and events: what pulls, imports and ingest write, and what evaluation reads.</summary>
public interface IEntityStore : ICrmPullTarget
{
    /// <summary>Sets (or, with <see cref="AttributeValue.None"/>, removes) attributes, creating entities as needed.</summary>
    Task SetAttributesAsync(IReadOnlyList<AttributeChange> changes, CancellationToken cancellationToken);

    /// <summary>Appends events; those whose MessageId was seen before are ignored. Returns how many were new.</summary>
    Task<int> AppendEventsAsync(IReadOnlyList<EventRecord> events, CancellationToken cancellationToken);

    /// <summary>
    /// Loads evaluation units: everything, or only the units of the given organisations (and people without one).
    /// </summary>
    Task<List<EvaluationUnit>> LoadUnitsAsync(IReadOnlyCollection<string>? organisationIds, IReadOnlyCollection<string>? orphanPeople, CancellationToken cancellationToken);

    /// <summary>Loads the unit an entity belongs to, or null when the entity is unknown.</summary>
    Task<(EvaluationUnit Unit, EntityState Entity)?> LoadUnitOfAsync(EntityKind kind, string id, CancellationToken cancellationToken);

    /// <summary>Loads one entity with its attributes and memberships (no events, no people): the cheap read behind cards.</summary>
    Task<EntityState?> LoadEntityAsync(EntityKind kind, string id, CancellationToken cancellationToken);

    /// <summary>Returns the organisation ids (and orphan people) whose units are dirty, and clears the marks.</summary>
    Task<(List<string> Organisations, List<string> OrphanPeople)> TakeDirtyAsync(CancellationToken cancellationToken);

    /// <summary>Queues CRM records to re-read (webhooks); persisted so nothing is lost across restarts.</summary>
    Task EnqueueRefreshAsync(IReadOnlyList<CrmRecordRef> records, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Takes up to <paramref name="max"/> queued records (removing them from the queue).</summary>
    Task<List<CrmRecordRef>> TakeRefreshAsync(int max, CancellationToken cancellationToken);

    Task<int> CountAsync(EntityKind kind, CancellationToken cancellationToken);

    /// <summary>
    /// Writes a whole import (records, then events) in ONE transaction: a failure or a crash part-way leaves nothing.
    /// Reports the rows written so far to <paramref name="written"/>. Returns how many events were new.
    /// </summary>
    Task<int> ImportAsync(IReadOnlyList<CrmRecord> records, IReadOnlyList<EventRecord> events, IProgress<int>? written, CancellationToken cancellationToken);
}
