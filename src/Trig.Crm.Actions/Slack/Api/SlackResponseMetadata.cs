using System.Text.Json.Serialization;

namespace Trig.Crm.Actions.Slack.Api;

/// <summary><c>response_metadata</c>: the pagination cursor and any warnings.</summary>
internal sealed record SlackResponseMetadata(
    [property: JsonPropertyName("next_cursor")] string? NextCursor,
    [property: JsonPropertyName("messages")] IReadOnlyList<string>? Messages);
