using System.Text.Json.Serialization;

namespace Trig.Crm.Actions.Slack.Api;

/// <summary><c>conversations.open</c> result: <c>{ok, channel:{id:"D…"}}</c>.</summary>
internal sealed record ConversationsOpenResponse : SlackResponse
{
    [JsonPropertyName("channel")]
    public SlackChannelRef? Channel { get; init; }
}
