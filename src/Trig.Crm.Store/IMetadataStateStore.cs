using Trig.Crm.Lifecycle.Ports;

namespace Trig.Crm.Store;

/// <summary>The last value pushed per record and property, so pushes send only differences; plus the local CRM table.</summary>
public interface IMetadataStateStore
{
    Task<Dictionary<(Lifecycle.Model.EntityKind Kind, string Id, string Name), string?>> LoadPushedAsync(string provider, CancellationToken cancellationToken);

    /// <summary>
    /// The last values pushed to <paramref name="provider"/> for these entities only: a shard's push reads its own
    /// records' state, so neither its time nor its memory grows with the store.
    /// </summary>
    Task<Dictionary<(Lifecycle.Model.EntityKind Kind, string Id, string Name), string?>> LoadPushedAsync(
        string provider, IReadOnlyCollection<(Lifecycle.Model.EntityKind Kind, string Id)> entities, CancellationToken cancellationToken);

    Task RecordPushedAsync(string provider, IReadOnlyList<MetadataChange> written, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The local CRM's property table: generated metadata "written to the CRM".</summary>
    Task WriteLocalPropertiesAsync(IReadOnlyList<MetadataChange> changes, DateTimeOffset now, CancellationToken cancellationToken);

    Task<Dictionary<string, string?>> ReadLocalPropertiesAsync(Lifecycle.Model.EntityKind kind, string id, CancellationToken cancellationToken);

    /// <summary>Records a webhook/event id; false when it was seen before (replay).</summary>
    Task<bool> TryRecordDeliveryAsync(string source, string id, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Records a webhook delivery in ONE transaction: the ids of its new events, the deletions they name and the
    /// records they queue for refresh. Events whose id was seen before are counted and skipped. A crash or failure
    /// part-way leaves nothing, so the sender's retry is not answered "duplicate" for refreshes never queued.
    /// </summary>
    Task<DeliveryIntake> RecordDeliveryAsync(string source, IReadOnlyList<DeliveredEvent> events, DateTimeOffset now, CancellationToken cancellationToken);
}
