using System.Text.Json.Serialization;

namespace Trig.Crm.Actions.Slack.Api;

/// <summary><c>conversations.open</c> body: <c>{users:"U123"}</c>.</summary>
internal sealed record ConversationsOpenRequest([property: JsonPropertyName("users")] string Users);
