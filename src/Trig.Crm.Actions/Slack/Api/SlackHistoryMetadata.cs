using System.Text.Json;
using System.Text.Json.Serialization;

namespace Trig.Crm.Actions.Slack.Api;

/// <summary>Metadata as read back (the payload is kept loose: other apps post other shapes).</summary>
internal sealed record SlackHistoryMetadata(
    [property: JsonPropertyName("event_type")] string? EventType,
    [property: JsonPropertyName("event_payload")] JsonElement? EventPayload);
