using System.Text.Json.Serialization;

namespace Trig.Crm.Actions.Slack.Api;

/// <summary>A channel in a <c>conversations.list</c> page: its id, its name (without <c>#</c>) and the bot's membership.</summary>
internal sealed record SlackConversation(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("is_member")] bool IsMember);
