using Trig.Crm.Store.Ingest;

namespace Trig.Crm.Store;

/// <summary>
/// Product data in (Segment-compatible identify/group/track): identity resolution, message-id dedupe and the
/// pending table of messages whose ids match no CRM record yet.
/// </summary>
public interface IIngestStore
{
    /// <summary>
    /// Applies messages in ONE transaction: repeated message ids are ignored, matched ids update attributes/events
    /// (marking entities dirty), unmatched ids are kept as pending. Either all of it is written or none.
    /// </summary>
    Task<IngestResult> IngestAsync(IReadOnlyList<IngestMessage> messages, IngestIdentity identity, CancellationToken cancellationToken);

    /// <summary>Re-checks pending messages against the current entities; applies (and removes) those that now match.</summary>
    Task<int> ResolvePendingAsync(IngestIdentity identity, CancellationToken cancellationToken);

    /// <summary>How many messages wait for their CRM record.</summary>
    Task<int> CountPendingAsync(CancellationToken cancellationToken);
}
