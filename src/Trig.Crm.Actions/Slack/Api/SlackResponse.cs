using System.Text.Json.Serialization;

namespace Trig.Crm.Actions.Slack.Api;

/// <summary>The envelope every Web API response shares.</summary>
internal abstract record SlackResponse
{
    [JsonPropertyName("ok")]
    public bool Ok { get; init; }

    [JsonPropertyName("error")]
    public string? Error { get; init; }

    [JsonPropertyName("response_metadata")]
    public SlackResponseMetadata? ResponseMetadata { get; init; }
}
