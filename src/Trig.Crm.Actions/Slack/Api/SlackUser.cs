using System.Text.Json.Serialization;

namespace Trig.Crm.Actions.Slack.Api;

/// <summary>The parts of a Slack user object Trig reads.</summary>
internal sealed record SlackUser(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("deleted")] bool Deleted);
