using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;

namespace Trig.Crm.Store;

/// <summary>
/// Metadata pushes in flight. A push is written to the journal before it is sent and removed once its outcome is
/// recorded, one row per push (not per value, so the journal costs two small writes per push). A row left behind
/// means its process died between sending and recording: the CRM may or may not hold those values, and the next push
/// of the same values reads them back from the CRM instead of sending them again.
/// </summary>
public interface IPushJournalStore
{
    /// <summary>Journals a push about to be sent; returns the row to pass to <see cref="EndPushAsync"/>.</summary>
    Task<long> BeginPushAsync(string provider, IReadOnlyList<MetadataChange> changes, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Removes a push's journal row once its outcome is recorded.</summary>
    Task EndPushAsync(long id, CancellationToken cancellationToken);

    /// <summary>
    /// The values of every push journaled and not ended (crashed, or still in flight on another node), newest value
    /// last per property. Rows older than <paramref name="expireBefore"/> are dropped first: by then a later full cycle
    /// has read back or rewritten what they held.
    /// </summary>
    Task<Dictionary<(EntityKind Kind, string Id, string Name), string?>> LoadUnfinishedPushesAsync(string provider, DateTimeOffset expireBefore, CancellationToken cancellationToken);
}
