using System.Text.Json.Serialization;

namespace Trig.Crm.Actions.Slack.Api;

/// <summary><c>chat.postMessage</c> result: <c>{ok, channel, ts, message}</c>.</summary>
internal sealed record PostMessageResponse : SlackResponse
{
    [JsonPropertyName("channel")]
    public string? Channel { get; init; }

    [JsonPropertyName("ts")]
    public string? Ts { get; init; }
}
