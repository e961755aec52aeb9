namespace Trig.Crm.Store;

/// <summary>
/// Where an outbox row is in its delivery. Stored (and printed) as lowercase text, see <see cref="OutboxStatusText"/>.
/// </summary>
public enum OutboxStatus
{
    /// <summary>Queued, due at its next attempt time.</summary>
    Pending,

    /// <summary>Claimed by a dispatcher under a lease; an expired lease makes it due again.</summary>
    InFlight,

    /// <summary>An attempt failed transiently; due again at its next attempt time.</summary>
    Retry,

    /// <summary>Delivered (final).</summary>
    Sent,

    /// <summary>Nothing to deliver, e.g. the entity is gone (final).</summary>
    Skipped,

    /// <summary>Dead-lettered: failed for good or out of attempts; an admin can put it back to pending.</summary>
    Dead,

    /// <summary>An internal action the evaluation already executed (final).</summary>
    Done,

    /// <summary>Its channel is not configured: held, not claimed, until it is.</summary>
    Waiting,
}
