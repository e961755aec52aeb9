using Trig.Crm.Actions.Slack;

namespace Trig.Crm.Actions.Tests.Slack;

public sealed class SlackSpecConformanceTests
{
    private static readonly Dictionary<string, string> NoQuery = [];

    private static IReadOnlyList<string> Post(string body) =>
        SlackSpecConformance.Instance.Check("chat.postMessage", "POST", NoQuery, body, "application/json; charset=utf-8");

    [Fact]
    public void Check_WellFormedPostMessage_HasNoViolations()
    {
        var violations = Post("""
            {"channel":"C42","text":"hi","blocks":[{"type":"section","text":{"type":"mrkdwn","text":"hi"}}],
             "unfurl_links":false,"metadata":{"event_type":"trig_action","event_payload":{"idempotency_key":"k"}}}
            """);

        Assert.Empty(violations);
    }

    [Fact]
    public void Check_UndeclaredBodyProperty_IsReported()
    {
        var violations = Post("""{"channel":"C42","text":"hi","colour":"red"}""");

        Assert.Equal(["chat.postMessage: body property 'colour' is not declared"], violations);
    }

    [Fact]
    public void Check_WrongBodyType_IsReported()
    {
        var violations = Post("""{"channel":"C42","text":"hi","unfurl_links":"no"}""");

        Assert.Equal(["chat.postMessage: body property 'unfurl_links' is String, spec says boolean"], violations);
    }

    [Fact]
    public void Check_BlocksAsObjectNotArray_IsReported()
    {
        var violations = Post("""{"channel":"C42","text":"hi","blocks":{"type":"section"}}""");

        Assert.Single(violations);
        Assert.Contains("'blocks'", violations[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Check_MissingRequiredChannel_IsReported()
    {
        var violations = Post("""{"text":"hi"}""");

        Assert.Equal(["chat.postMessage: required parameter 'channel' is missing"], violations);
    }

    [Fact]
    public void Check_TokenInQueryString_IsReported()
    {
        var violations = SlackSpecConformance.Instance.Check(
            "users.lookupByEmail", "GET", new Dictionary<string, string> { ["email"] = "a@b.test", ["token"] = "xoxb-1" }, null, null);

        Assert.Equal(["users.lookupByEmail: token in the query string"], violations);
    }

    [Fact]
    public void Check_UndeclaredOrMistypedQueryParameter_IsReported()
    {
        var violations = SlackSpecConformance.Instance.Check(
            "conversations.history", "GET",
            new Dictionary<string, string> { ["channel"] = "C42", ["limit"] = "lots", ["since"] = "yesterday", ["include_all_metadata"] = "true" },
            null, null);

        Assert.Equal(
            ["conversations.history: query parameter 'limit'='lots' is not a integer", "conversations.history: query parameter 'since' is not declared"],
            violations.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Check_ConversationsOpenWithWrongName_IsReported()
    {
        var violations = SlackSpecConformance.Instance.Check("conversations.open", "POST", NoQuery, """{"user":"U1"}""", "application/json");

        Assert.Equal(["conversations.open: body property 'user' is not declared"], violations);
    }
}
