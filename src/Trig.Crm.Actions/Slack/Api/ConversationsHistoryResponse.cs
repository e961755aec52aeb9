using System.Text.Json.Serialization;

namespace Trig.Crm.Actions.Slack.Api;

/// <summary><c>conversations.history</c> result: newest messages first, paged by <c>response_metadata.next_cursor</c>.</summary>
internal sealed record ConversationsHistoryResponse : SlackResponse
{
    [JsonPropertyName("messages")]
    public IReadOnlyList<SlackHistoryMessage>? Messages { get; init; }

    [JsonPropertyName("has_more")]
    public bool HasMore { get; init; }
}
