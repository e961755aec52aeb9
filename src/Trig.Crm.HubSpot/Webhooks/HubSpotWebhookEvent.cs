using Trig.Crm.Lifecycle.Ports;

namespace Trig.Crm.HubSpot.Webhooks;

/// <summary>
/// One event of a HubSpot webhook payload. <see cref="EventId"/> is the deduplication key (HubSpot retries and
/// does not guarantee order). <see cref="Record"/> is null for object types Trig does not track.
/// </summary>
public sealed record HubSpotWebhookEvent(
    long EventId,
    string SubscriptionType,
    string ObjectId,
    DateTimeOffset OccurredAt,
    long? PortalId,
    long? AppId,
    long? SubscriptionId,
    int? AttemptNumber,
    string? PropertyName,
    string? PropertyValue,
    string? ChangeSource)
{
    /// <summary>The record the event is about: <c>company.*</c> an organisation, <c>contact.*</c> a person.</summary>
    public CrmRecordRef? Record { get; init; }

    /// <summary>A <c>*.deletion</c> event: the record is gone (delete it; a refresh would find it missing too).</summary>
    public bool IsDeletion { get; init; }
}
