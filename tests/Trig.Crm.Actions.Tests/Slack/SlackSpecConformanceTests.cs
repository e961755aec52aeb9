using Trig.Crm.Testing.Specs;

namespace Trig.Crm.Actions.Tests.Slack;

/// <summary>The Slack spec check (run on every request of every ActionsHarness where the spec is available) catches malformed requests.</summary>
public sealed class SlackSpecConformanceTests
{
    private static readonly Dictionary<string, string> Bearer = new(StringComparer.OrdinalIgnoreCase) { ["Authorization"] = "Bearer xoxb-1" };

    private static IReadOnlyList<string> Post(string body, string method = "chat.postMessage") =>
        VendorConformance.Slack.Check(new SpecRequest("POST", "/api/" + method, "", body, "application/json; charset=utf-8", Bearer));

    private static IReadOnlyList<string> Get(string method, string query) =>
        VendorConformance.Slack.Check(new SpecRequest("GET", "/api/" + method, query, null, null, Bearer));

    [SpecFact("slack")]
    public void Check_WellFormedPostMessage_HasNoViolations()
    {
        var violations = Post("""
            {"channel":"C42","text":"hi","blocks":[{"type":"section","text":{"type":"mrkdwn","text":"hi"}}],
             "unfurl_links":false,"metadata":{"event_type":"trig_action","event_payload":{"idempotency_key":"k"}}}
            """);

        Assert.Empty(violations);
    }

    [SpecFact("slack")]
    public void Check_UndeclaredBodyProperty_IsReported()
    {
        var violations = Post("""{"channel":"C42","text":"hi","colour":"red"}""");

        Assert.Equal(["POST /api/chat.postMessage: $: 'colour' is not a field of this schema"], violations);
    }

    [SpecFact("slack")]
    public void Check_WrongBodyType_IsReported()
    {
        var violations = Post("""{"channel":"C42","text":"hi","unfurl_links":"no"}""");

        Assert.Equal(["POST /api/chat.postMessage: $.unfurl_links: expected boolean, got String"], violations);
    }

    [SpecFact("slack")]
    public void Check_BlocksAsObjectNotArray_IsReported()
    {
        var violations = Post("""{"channel":"C42","text":"hi","blocks":{"type":"section"}}""");

        Assert.Single(violations);
        Assert.Contains("$.blocks", violations[0], StringComparison.Ordinal);
    }

    [SpecFact("slack")]
    public void Check_MissingRequiredChannel_IsReported()
    {
        var violations = Post("""{"text":"hi"}""");

        Assert.Equal(["POST /api/chat.postMessage: $: required 'channel' is missing"], violations);
    }

    [SpecFact("slack")]
    public void Check_TokenInQueryStringOrBodyOrNoBearerHeader_IsReported()
    {
        Assert.Equal(["GET /api/users.lookupByEmail?email=a@b.test&token=xoxb-1: token in the query string"], Get("users.lookupByEmail", "?email=a@b.test&token=xoxb-1"));
        Assert.Contains("POST /api/chat.postMessage: token in the body", Post("""{"channel":"C42","text":"hi","token":"xoxb-1"}"""));
        Assert.Equal(
            ["POST /api/chat.postMessage: no Authorization: Bearer xoxb-… header"],
            VendorConformance.Slack.Check(new SpecRequest("POST", "/api/chat.postMessage", "", """{"channel":"C42","text":"hi"}""", "application/json", new Dictionary<string, string>())));
    }

    [SpecFact("slack")]
    public void Check_UndeclaredOrMistypedQueryParameter_IsReported()
    {
        var violations = Get("conversations.history", "?channel=C42&limit=lots&since=yesterday&include_all_metadata=true");

        Assert.Equal(
            [
                "GET /api/conversations.history?channel=C42&limit=lots&since=yesterday&include_all_metadata=true: query parameter 'limit'='lots' is not of type integer",
                "GET /api/conversations.history?channel=C42&limit=lots&since=yesterday&include_all_metadata=true: query parameter 'since' is not declared by /conversations.history",
            ],
            violations.Order(StringComparer.Ordinal));
    }

    [SpecFact("slack")]
    public void Check_ConversationsOpenWithWrongName_IsReported()
    {
        var violations = Post("""{"user":"U1"}""", "conversations.open");

        Assert.Equal(["POST /api/conversations.open: $: 'user' is not a field of this schema"], violations);
    }
}
