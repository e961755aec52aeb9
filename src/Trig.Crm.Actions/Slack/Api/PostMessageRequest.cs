using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Trig.Crm.Actions.Slack.Api;

/// <summary>
/// The <c>chat.postMessage</c> JSON body. <see cref="Text"/> is the notification fallback when
/// <see cref="Blocks"/> is set. The 2020 spec declares <c>blocks</c> as a (URL-encoded JSON) string; in a JSON
/// body Slack takes the array itself.
/// </summary>
internal sealed record PostMessageRequest(
    [property: JsonPropertyName("channel")] string Channel,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("blocks")] JsonArray? Blocks,
    [property: JsonPropertyName("unfurl_links")] bool UnfurlLinks,
    [property: JsonPropertyName("metadata")] SlackMessageMetadata? Metadata);
