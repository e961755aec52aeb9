using System.Text.Json.Serialization;

namespace Trig.Crm.Actions.Slack.Api;

/// <summary>A conversation reference: its id.</summary>
public sealed record SlackChannelRef([property: JsonPropertyName("id")] string Id);
