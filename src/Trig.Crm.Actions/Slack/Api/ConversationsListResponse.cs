using System.Text.Json.Serialization;

namespace Trig.Crm.Actions.Slack.Api;

/// <summary><c>conversations.list</c> result: one page of channels, paged by <c>response_metadata.next_cursor</c>.</summary>
internal sealed record ConversationsListResponse : SlackResponse
{
    [JsonPropertyName("channels")]
    public IReadOnlyList<SlackConversation>? Channels { get; init; }
}
