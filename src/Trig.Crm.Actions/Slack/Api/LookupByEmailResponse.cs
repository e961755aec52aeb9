using System.Text.Json.Serialization;

namespace Trig.Crm.Actions.Slack.Api;

/// <summary><c>users.lookupByEmail</c> result: <c>{ok, user}</c> or <c>{ok:false, error:"users_not_found"}</c>.</summary>
internal sealed record LookupByEmailResponse : SlackResponse
{
    [JsonPropertyName("user")]
    public SlackUser? User { get; init; }
}
