using System.Text.Json.Serialization;

namespace Trig.Crm.Actions.Slack.Api;

/// <summary><c>conversations.join</c> body: <c>{channel:"C123"}</c>.</summary>
internal sealed record ConversationsJoinRequest([property: JsonPropertyName("channel")] string Channel);
