using System.Text.Json.Serialization;

namespace Trig.Crm.Actions.Slack.Api;

/// <summary>Message metadata: Trig stores the idempotency key here so a resend can be detected.</summary>
internal sealed record SlackMessageMetadata(
    [property: JsonPropertyName("event_type")] string EventType,
    [property: JsonPropertyName("event_payload")] IReadOnlyDictionary<string, string>? EventPayload);
