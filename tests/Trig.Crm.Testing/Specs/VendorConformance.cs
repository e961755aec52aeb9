using System.Text.Json;
using System.Text.RegularExpressions;

namespace Trig.Crm.Testing.Specs;

/// <summary>The checker for each vendor whose OpenAPI spec the tests use, with that spec's known errors.</summary>
internal static partial class VendorConformance
{
    /// <summary>
    /// HubSpot (<c>hubspot/*.json</c>). One correction: <c>PublicObjectSearchRequest.sorts</c> items are typed as
    /// strings, but HubSpot only sorts with <c>{propertyName, direction}</c> objects (HubSpot/hubspot-api-python#236,
    /// hubspot-api-nodejs#14/#559): a sort object must have a propertyName and a direction ASCENDING|DESCENDING.
    /// </summary>
    public static OpenApiConformance HubSpot => HubSpotChecker.Value;

    /// <summary>
    /// Slack's Web API (<c>slack/slack_web_openapi_v2.json</c>, Swagger 2.0, base path /api). Corrections:
    /// (1) parameters newer than the 2020 spec (chat.postMessage <c>metadata</c>, conversations.history
    /// <c>include_all_metadata</c>) are added from the current reference; (2) <c>blocks</c>, <c>attachments</c> and
    /// <c>metadata</c> are declared as strings because form posts carry them URL-encoded, while a JSON body carries
    /// the structure itself, so a JSON array (blocks, attachments) or object (metadata) is accepted for them.
    /// Beyond the spec: the token travels only as <c>Authorization: Bearer xoxb-…</c>, never in the query or body.
    /// </summary>
    public static OpenApiConformance Slack => SlackChecker.Value;

    private static readonly SpecRules HubSpotRules = new("hubspot")
    {
        Override = (at, value, problems) =>
        {
            if (!SortItem().IsMatch(at) || value.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            if (!value.TryGetProperty("propertyName", out var name) || name.ValueKind != JsonValueKind.String
                || !value.TryGetProperty("direction", out var d) || d.GetString() is not ("ASCENDING" or "DESCENDING")
                || value.EnumerateObject().Any(p => p.Name is not ("propertyName" or "direction")))
            {
                problems.Add($"{at}: a sort is {{propertyName, direction: ASCENDING|DESCENDING}}");
            }

            return true;
        },
    };

    private static readonly Dictionary<string, JsonValueKind> SlackJsonEncoded = new(StringComparer.Ordinal)
    {
        ["$.blocks"] = JsonValueKind.Array,
        ["$.attachments"] = JsonValueKind.Array,
        ["$.metadata"] = JsonValueKind.Object,
    };

    private static readonly SpecRules SlackRules = new("slack")
    {
        PathPrefix = "/api",
        NotRequired = new HashSet<string>(StringComparer.Ordinal) { "token" },
        NewerThanSpec = new Dictionary<(string, string), string>
        {
            [("/chat.postMessage", "metadata")] = "string",
            [("/conversations.history", "include_all_metadata")] = "boolean",
        },
        Override = (at, value, _) => SlackJsonEncoded.TryGetValue(at, out var kind) && value.ValueKind == kind,
        RequestChecks = SlackRequestChecks,
    };

    private static readonly Lazy<OpenApiConformance> HubSpotChecker = new(() => new OpenApiConformance(HubSpotRules));
    private static readonly Lazy<OpenApiConformance> SlackChecker = new(() => new OpenApiConformance(SlackRules));

    private static IEnumerable<string> SlackRequestChecks(SpecRequest request)
    {
        if ((request.Query ?? "").TrimStart('?').Split('&').Any(p => p.Split('=')[0] == "token"))
        {
            yield return "token in the query string";
        }

        if (request.Body is { Length: > 0 } body && body.TrimStart().StartsWith('{'))
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.TryGetProperty("token", out _))
            {
                yield return "token in the body";
            }
        }

        if (request.Headers is { } headers
            && (!headers.TryGetValue("Authorization", out var auth) || !auth.StartsWith("Bearer xoxb-", StringComparison.Ordinal)))
        {
            yield return "no Authorization: Bearer xoxb-… header";
        }
    }

    [GeneratedRegex(@"^\$\.sorts\[\d+\]$")]
    private static partial Regex SortItem();
}
