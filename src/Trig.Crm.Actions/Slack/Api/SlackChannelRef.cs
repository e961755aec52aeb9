using System.Text.Json.Serialization;

namespace Trig.Crm.Actions.Slack.Api;

/// <summary>A conversation reference: its id.</summary>
internal sealed record SlackChannelRef([property: JsonPropertyName("id")] string Id);
