using System.Text.Json.Serialization;

namespace Trig.Crm.Actions.Slack.Api;

/// <summary>A message in a history page; <see cref="Metadata"/> is present with <c>include_all_metadata</c>.</summary>
internal sealed record SlackHistoryMessage(
    [property: JsonPropertyName("ts")] string? Ts,
    [property: JsonPropertyName("text")] string? Text,
    [property: JsonPropertyName("metadata")] SlackHistoryMetadata? Metadata);
