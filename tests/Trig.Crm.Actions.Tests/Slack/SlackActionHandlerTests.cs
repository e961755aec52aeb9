using System.Text.Json;
using Trig.Crm.Lifecycle.Actions;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Testing;
using Trig.Crm.Testing.Stubs;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Trig.Crm.Actions.Tests.Slack;

public sealed class SlackActionHandlerTests : IDisposable
{
    private static readonly SlackAction ChannelAction = new("#cs-alerts", null, "{name} entered First Strike. Owner: @{owner_email}");

    private readonly ActionsHarness _h = new();

    public void Dispose() => _h.Dispose();

    private static ActionContext OrgContext(SlackAction action, bool outcomeUnknown = false, EntitySnapshot? org = null) =>
        TestData.Context(action, org ?? TestData.Organisation(attributes: [("plan", AttributeValue.Of("pro")), ("arr", AttributeValue.Of(12000))]), outcomeUnknown: outcomeUnknown);

    private static JsonElement Body(WireMock.Logging.ILogEntry entry) => JsonDocument.Parse(entry.RequestMessage.Body!).RootElement.Clone();

    [Fact]
    public async Task Send_ChannelWithOwnerMention_PostsBlockKitWithMetadataAndBearerToken()
    {
        _h.Server.LookupFound("owner@acme.test", "U123");
        _h.Server.PostOk();
        var context = OrgContext(ChannelAction);

        var outcome = await _h.Slack.SendAsync(context, CancellationToken.None);

        Assert.Equal(new ActionOutcome.Sent($"C1H9RESGL {SlackStubs.Ts}"), outcome);
        var post = Assert.Single(_h.Requests("chat.postMessage"));
        Assert.Equal("Bearer " + ActionsHarness.BotToken, post.RequestMessage.Headers!["Authorization"].ToString());
        Assert.DoesNotContain("token", post.RequestMessage.Url, StringComparison.OrdinalIgnoreCase);
        var body = Body(post);
        Assert.Equal("C1H9RESGL", body.GetProperty("channel").GetString()); // #cs-alerts, by its id (conversations.list)
        Assert.Equal("Acme &amp; Sons &lt;Ltd&gt; entered First Strike. Owner: <@U123>", body.GetProperty("text").GetString());
        Assert.False(body.GetProperty("unfurl_links").GetBoolean());

        var blocks = body.GetProperty("blocks");
        Assert.Equal("section", blocks[0].GetProperty("type").GetString());
        Assert.Equal("mrkdwn", blocks[0].GetProperty("text").GetProperty("type").GetString());
        Assert.Equal(body.GetProperty("text").GetString(), blocks[0].GetProperty("text").GetProperty("text").GetString());
        Assert.Equal("context", blocks[1].GetProperty("type").GetString());
        var context0 = blocks[1].GetProperty("elements")[0].GetProperty("text").GetString();
        Assert.Equal("*Acme &amp; Sons &lt;Ltd&gt;* · entered *First Strike Moment*", context0);
        Assert.Equal("plan: pro · arr: 12,000", blocks[1].GetProperty("elements")[1].GetProperty("text").GetString());
        Assert.Equal("actions", blocks[2].GetProperty("type").GetString());
        var button = blocks[2].GetProperty("elements")[0];
        Assert.Equal("button", button.GetProperty("type").GetString());
        Assert.Equal("Open in CRM", button.GetProperty("text").GetProperty("text").GetString());
        Assert.Equal("https://crm.example.com/companies/org-1", button.GetProperty("url").GetString());

        var metadata = body.GetProperty("metadata");
        Assert.Equal("trig_action", metadata.GetProperty("event_type").GetString());
        Assert.Equal(context.Item.IdempotencyKey, metadata.GetProperty("event_payload").GetProperty("idempotency_key").GetString());

        var lookup = Assert.Single(_h.Requests("users.lookupByEmail"));
        Assert.Equal("owner@acme.test", lookup.RequestMessage.Query!["email"].ToString());
        Assert.Equal("Bearer " + ActionsHarness.BotToken, lookup.RequestMessage.Headers!["Authorization"].ToString());
    }

    [Fact]
    public async Task Send_NoRecordUrl_OmitsTheButton()
    {
        _h.Server.PostOk();
        var org = TestData.Organisation(recordUrl: null);

        var outcome = await _h.Slack.SendAsync(TestData.Context(new SlackAction("C42", null, "hello"), org), CancellationToken.None);

        Assert.IsType<ActionOutcome.Sent>(outcome);
        var blocks = Body(Assert.Single(_h.Requests("chat.postMessage"))).GetProperty("blocks");
        Assert.Equal(["section", "context"], blocks.EnumerateArray().Select(b => b.GetProperty("type").GetString()));
    }

    [Theory]
    [InlineData("channel_not_found")]
    [InlineData("not_in_channel")]
    [InlineData("is_archived")]
    [InlineData("invalid_auth")]
    [InlineData("not_authed")]
    [InlineData("token_revoked")]
    [InlineData("account_inactive")]
    [InlineData("missing_scope")]
    [InlineData("msg_too_long")]
    [InlineData("invalid_blocks")]
    [InlineData("no_text")]
    public async Task Send_PermanentSlackError_FailsWithTheError(string error)
    {
        _h.Server.PostError(error);

        var outcome = await _h.Slack.SendAsync(OrgContext(new SlackAction("C42", null, "hi")), CancellationToken.None);

        var failed = Assert.IsType<ActionOutcome.Failed>(outcome);
        Assert.Contains(error, failed.Reason, StringComparison.Ordinal);
        Assert.Single(_h.Requests("chat.postMessage"));
    }

    [Theory]
    [InlineData("ratelimited")]
    [InlineData("internal_error")]
    [InlineData("fatal_error")]
    [InlineData("service_unavailable")]
    [InlineData("request_timeout")]
    public async Task Send_TransientSlackError_Retries(string error)
    {
        _h.Server.PostError(error);

        var outcome = await _h.Slack.SendAsync(OrgContext(new SlackAction("C42", null, "hi")), CancellationToken.None);

        var retry = Assert.IsType<ActionOutcome.Retry>(outcome);
        Assert.Contains(error, retry.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_Http429_RetriesAfterTheGivenSeconds()
    {
        _h.Server.Given(Request.Create().WithPath("/api/chat.postMessage").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "30").WithHeader("Content-Type", "application/json")
                .WithBody("""{"ok":false,"error":"ratelimited"}"""));

        var outcome = await _h.Slack.SendAsync(OrgContext(new SlackAction("C42", null, "hi")), CancellationToken.None);

        var retry = Assert.IsType<ActionOutcome.Retry>(outcome);
        Assert.Equal(TimeSpan.FromSeconds(30), retry.RetryAfter);
        Assert.Single(_h.Requests("chat.postMessage"));
    }

    [Fact]
    public async Task Send_ServerErrorThenSuccess_RetryThenSentWithOneRequestEach()
    {
        _h.Server.Given(Request.Create().WithPath("/api/chat.postMessage").UsingPost())
            .InScenario("flaky").WillSetStateTo("healthy")
            .RespondWith(Response.Create().WithStatusCode(503).WithBody("upstream unavailable"));
        _h.Server.Given(Request.Create().WithPath("/api/chat.postMessage").UsingPost())
            .InScenario("flaky").WhenStateIs("healthy")
            .RespondWith(SlackStubs.Json($$$"""{"ok":true,"channel":"C42","ts":"{{{SlackStubs.Ts}}}","message":{"type":"message","text":"hi","ts":"{{{SlackStubs.Ts}}}"}}"""));
        var context = OrgContext(new SlackAction("C42", null, "hi"));

        var first = await _h.Slack.SendAsync(context, CancellationToken.None);
        var requestsAfterFirst = _h.Requests("chat.postMessage").Count;
        _h.Time.Advance(TimeSpan.FromSeconds(30));
        var second = await _h.Slack.SendAsync(context with { Item = context.Item with { Attempts = 1 } }, CancellationToken.None);

        Assert.IsType<ActionOutcome.Retry>(first);
        Assert.Equal(1, requestsAfterFirst);
        Assert.Equal(new ActionOutcome.Sent($"C42 {SlackStubs.Ts}"), second);
        Assert.Equal(2, _h.Requests("chat.postMessage").Count);
    }

    [Fact]
    public async Task Send_SlackUnreachable_Retries()
    {
        using var harness = new ActionsHarness(new Dictionary<string, string?> { ["Trig:Slack:BaseUrl"] = $"http://127.0.0.1:{FreePort.Get()}/api/" });

        var outcome = await harness.Slack.SendAsync(OrgContext(new SlackAction("C42", null, "hi")), CancellationToken.None);

        Assert.IsType<ActionOutcome.Retry>(outcome);
    }

    [Fact]
    public async Task Send_OwnerWithoutSlackAccount_PostsWithoutMentionAndCachesTheMiss()
    {
        _h.Server.LookupNotFound("owner@acme.test");
        _h.Server.PostOk();
        var context = OrgContext(ChannelAction);

        var first = await _h.Slack.SendAsync(context, CancellationToken.None);
        _h.Time.Advance(TimeSpan.FromMinutes(14));
        var second = await _h.Slack.SendAsync(context, CancellationToken.None);
        var lookupsWithinMissTtl = _h.Requests("users.lookupByEmail").Count;
        _h.Time.Advance(TimeSpan.FromMinutes(2));
        await _h.Slack.SendAsync(context, CancellationToken.None);

        Assert.IsType<ActionOutcome.Sent>(first);
        Assert.IsType<ActionOutcome.Sent>(second);
        var text = Body(_h.Requests("chat.postMessage")[0]).GetProperty("text").GetString();
        Assert.Equal("Acme &amp; Sons &lt;Ltd&gt; entered First Strike. Owner: owner@acme.test", text);
        Assert.Contains(_h.Logs.Messages, m => m.Contains("owner@acme.test has no Slack account", StringComparison.Ordinal));
        Assert.Equal(1, lookupsWithinMissTtl);
        Assert.Equal(2, _h.Requests("users.lookupByEmail").Count);
    }

    [Fact]
    public async Task Send_OwnerFound_CachesTheHitForAnHour()
    {
        _h.Server.LookupFound("owner@acme.test", "U123");
        _h.Server.PostOk();
        var context = OrgContext(ChannelAction);

        await _h.Slack.SendAsync(context, CancellationToken.None);
        _h.Time.Advance(TimeSpan.FromMinutes(59));
        await _h.Slack.SendAsync(context, CancellationToken.None);
        var lookupsWithinTtl = _h.Requests("users.lookupByEmail").Count;
        _h.Time.Advance(TimeSpan.FromMinutes(2));
        await _h.Slack.SendAsync(context, CancellationToken.None);

        Assert.Equal(1, lookupsWithinTtl);
        Assert.Equal(2, _h.Requests("users.lookupByEmail").Count);
        Assert.All(_h.Requests("chat.postMessage"), p => Assert.EndsWith("<@U123>", Body(p).GetProperty("text").GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Send_ToOwner_OpensADmAndPostsThere()
    {
        _h.Server.LookupFound("cs@acme.test", "U777");
        _h.Server.OpenOk("D069C7QFK");
        _h.Server.PostOk("D069C7QFK");
        var org = TestData.Organisation(ownerEmail: "cs@acme.test");
        var person = TestData.Person("p-1", "ada@acme.test", "Ada", recordUrl: "https://crm.example.com/contacts/p-1");

        var outcome = await _h.Slack.SendAsync(TestData.Context(new SlackAction(null, "owner", "{first_name} needs a hand"), person, org), CancellationToken.None);

        Assert.Equal(new ActionOutcome.Sent($"D069C7QFK {SlackStubs.Ts}"), outcome);
        Assert.Equal("cs@acme.test", Assert.Single(_h.Requests("users.lookupByEmail")).RequestMessage.Query!["email"].ToString());
        Assert.Equal("U777", Body(Assert.Single(_h.Requests("conversations.open"))).GetProperty("users").GetString());
        var body = Body(Assert.Single(_h.Requests("chat.postMessage")));
        Assert.Equal("D069C7QFK", body.GetProperty("channel").GetString());
        Assert.Equal("Ada needs a hand", body.GetProperty("text").GetString());
        Assert.Equal("*Ada* (Acme &amp; Sons &lt;Ltd&gt;) · entered *First Strike Moment*", body.GetProperty("blocks")[1].GetProperty("elements")[0].GetProperty("text").GetString());
        Assert.Equal("https://crm.example.com/contacts/p-1", body.GetProperty("blocks")[2].GetProperty("elements")[0].GetProperty("url").GetString());
    }

    [Fact]
    public async Task Send_ToOwnerWithoutSlackAccount_FailsAndPostsNothing()
    {
        _h.Server.LookupNotFound("owner@acme.test");
        _h.Server.PostOk();

        var outcome = await _h.Slack.SendAsync(OrgContext(new SlackAction(null, "owner", "hi")), CancellationToken.None);

        var failed = Assert.IsType<ActionOutcome.Failed>(outcome);
        Assert.Equal("owner owner@acme.test has no Slack account", failed.Reason);
        Assert.Empty(_h.Requests("chat.postMessage"));
        Assert.Empty(_h.Requests("conversations.open"));
    }

    [Fact]
    public async Task Send_ToOwnerWithoutSlackAccountButWithChannel_PostsToTheChannel()
    {
        _h.Server.LookupNotFound("owner@acme.test");
        _h.Server.PostOk();

        var outcome = await _h.Slack.SendAsync(OrgContext(new SlackAction("C42", "owner", "Owner: @{owner_email}")), CancellationToken.None);

        Assert.IsType<ActionOutcome.Sent>(outcome);
        var body = Body(Assert.Single(_h.Requests("chat.postMessage")));
        Assert.Equal("C42", body.GetProperty("channel").GetString());
        Assert.Equal("Owner: owner@acme.test", body.GetProperty("text").GetString());
        Assert.Single(_h.Requests("users.lookupByEmail"));
    }

    [Fact]
    public async Task Send_OutcomeUnknownAndHistoryHasTheKey_DoesNotPostAgain()
    {
        var context = OrgContext(new SlackAction("C42", null, "hi"), outcomeUnknown: true);
        _h.Server.History($$$"""
            [{"type":"message","user":"U222BBB222","text":"unrelated","ts":"1741597300.000100"},
             {"type":"message","subtype":"bot_message","bot_id":"B19LU7CSY","text":"hi","ts":"1741597260.000200",
              "metadata":{"event_type":"trig_action","event_payload":{"idempotency_key":"{{{context.Item.IdempotencyKey}}}"} } }]
            """);
        _h.Server.PostOk();

        var outcome = await _h.Slack.SendAsync(context, CancellationToken.None);

        Assert.Equal(new ActionOutcome.Sent("C42 1741597260.000200"), outcome);
        Assert.Empty(_h.Requests("chat.postMessage"));
        var history = Assert.Single(_h.Requests("conversations.history"));
        var query = history.RequestMessage.Query!;
        Assert.Equal("C42", query["channel"].ToString());
        Assert.Equal("true", query["include_all_metadata"].ToString());
        Assert.Equal((TestData.Start - TimeSpan.FromMinutes(10)).ToUnixTimeSeconds() + ".000000", query["oldest"].ToString());
    }

    [Fact]
    public async Task Send_OutcomeUnknownAndHistoryLacksTheKey_Posts()
    {
        var context = OrgContext(new SlackAction("C42", null, "hi"), outcomeUnknown: true);
        _h.Server.History("""
            [{"type":"message","bot_id":"B19LU7CSY","text":"other","ts":"1741597260.000200",
              "metadata":{"event_type":"trig_action","event_payload":{"idempotency_key":"some_other_key:organisation:org-9:1:0:0"}}}]
            """);
        _h.Server.PostOk();

        var outcome = await _h.Slack.SendAsync(context, CancellationToken.None);

        Assert.IsType<ActionOutcome.Sent>(outcome);
        Assert.Single(_h.Requests("conversations.history"));
        Assert.Single(_h.Requests("chat.postMessage"));
    }

    [Fact]
    public async Task Send_NotOutcomeUnknown_SkipsTheHistoryCheck()
    {
        _h.Server.PostOk();

        await _h.Slack.SendAsync(OrgContext(new SlackAction("C42", null, "hi")), CancellationToken.None);

        Assert.Empty(_h.Requests("conversations.history"));
    }

    [Fact]
    public async Task Send_WithoutBotToken_FailsNamingTheSettingAndCallsNothing()
    {
        using var harness = new ActionsHarness(new Dictionary<string, string?> { ["Trig:Slack:BotToken"] = null });

        var outcome = await harness.Slack.SendAsync(OrgContext(ChannelAction), CancellationToken.None);

        var failed = Assert.IsType<ActionOutcome.Failed>(outcome);
        Assert.Contains("Trig:Slack:BotToken", failed.Reason, StringComparison.Ordinal);
        Assert.Empty(harness.Server.LogEntries);
    }

    [Fact]
    public async Task Send_AnyOutcome_NeverLogsTheToken()
    {
        _h.Server.LookupNotFound("owner@acme.test");
        _h.Server.PostError("invalid_auth");

        await _h.Slack.SendAsync(OrgContext(ChannelAction), CancellationToken.None);

        Assert.NotEmpty(_h.Logs.Messages);
        Assert.DoesNotContain(_h.Logs.Messages, m => m.Contains(ActionsHarness.BotToken, StringComparison.Ordinal));
        Assert.DoesNotContain(_h.Logs.Messages, m => m.Contains("0123456789-secret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Send_BurstToOneChannel_PacesToAboutOnePerSecond()
    {
        _h.Server.PostOk();
        var context = OrgContext(new SlackAction("C42", null, "hi"));

        for (var i = 0; i < 3; i++)
        {
            Assert.IsType<ActionOutcome.Sent>(await _h.Slack.SendAsync(context, CancellationToken.None));
        }

        var fourth = _h.Slack.SendAsync(context, CancellationToken.None);
        var otherChannel = await _h.Slack.SendAsync(OrgContext(new SlackAction("C99", null, "hi")), CancellationToken.None);
        await Task.Yield();
        var fourthDoneEarly = fourth.IsCompleted;
        _h.Time.Advance(TimeSpan.FromSeconds(1));
        var fourthOutcome = await fourth;

        Assert.False(fourthDoneEarly);
        Assert.IsType<ActionOutcome.Sent>(otherChannel);
        Assert.IsType<ActionOutcome.Sent>(fourthOutcome);
        Assert.Equal(4, _h.Requests("chat.postMessage").Count(r => Body(r).GetProperty("channel").GetString() == "C42"));
    }

    [Fact]
    public async Task Send_ChannelBacklogBeyondMaxWait_ReturnsRetryWithTheWait()
    {
        using var harness = new ActionsHarness(new Dictionary<string, string?> { ["Trig:Slack:ChannelBurst"] = "1", ["Trig:Slack:MaxPacingWait"] = "00:00:00" });
        harness.Server.PostOk();
        var context = OrgContext(new SlackAction("C42", null, "hi"));

        var first = await harness.Slack.SendAsync(context, CancellationToken.None);
        var second = await harness.Slack.SendAsync(context, CancellationToken.None);

        Assert.IsType<ActionOutcome.Sent>(first);
        var retry = Assert.IsType<ActionOutcome.Retry>(second);
        Assert.Equal(TimeSpan.FromSeconds(1), retry.RetryAfter);
        Assert.Single(harness.Server.LogEntries);
    }
    [Fact]
    public async Task Send_OutcomeUnknownWithPagedHistory_FollowsTheCursor()
    {
        var context = OrgContext(new SlackAction("C42", null, "hi"), outcomeUnknown: true);
        _h.Server.Given(Request.Create().WithPath("/api/conversations.history").UsingGet().WithParam("cursor", "bmV4dF90czoxNTEy"))
            .AtPriority(1)
            .RespondWith(SlackStubs.Json($$$"""
                {"ok":true,"has_more":false,"response_metadata":{"next_cursor":""},
                 "messages":[{"type":"message","text":"hi","ts":"1741597200.000300",
                   "metadata":{"event_type":"trig_action","event_payload":{"idempotency_key":"{{{context.Item.IdempotencyKey}}}"} } }]}
                """));
        _h.Server.Given(Request.Create().WithPath("/api/conversations.history").UsingGet())
            .AtPriority(2)
            .RespondWith(SlackStubs.Json("""
                {"ok":true,"has_more":true,"response_metadata":{"next_cursor":"bmV4dF90czoxNTEy"},
                 "messages":[{"type":"message","user":"U222BBB222","text":"newer","ts":"1741597500.000100"}]}
                """));
        _h.Server.PostOk();

        var outcome = await _h.Slack.SendAsync(context, CancellationToken.None);

        Assert.Equal(new ActionOutcome.Sent("C42 1741597200.000300"), outcome);
        Assert.Equal(2, _h.Requests("conversations.history").Count);
        Assert.Empty(_h.Requests("chat.postMessage"));
    }

    [Fact]
    public async Task Send_ChannelByNameOutcomeUnknown_ReadsTheHistoryOfItsId_AndDoesNotPostAgain()
    {
        var context = OrgContext(ChannelAction, outcomeUnknown: true);
        _h.Server.LookupFound("owner@acme.test", "U123");
        _h.Server.Given(Request.Create().WithPath("/api/conversations.history").UsingGet().WithParam("channel", "C1H9RESGL"))
            .RespondWith(SlackStubs.Json($$"""
                {"ok":true,"has_more":false,"messages":[{"type":"message","text":"x","ts":"1741597200.000300",
                 "metadata":{"event_type":"trig_action","event_payload":{"idempotency_key":"{{context.Item.IdempotencyKey}}"} } }]}
                """));
        _h.Server.PostOk();

        var outcome = await _h.Slack.SendAsync(context, CancellationToken.None);

        Assert.Equal(new ActionOutcome.Sent("C1H9RESGL 1741597200.000300"), outcome);
        Assert.Single(_h.Requests("conversations.list"));
        Assert.Empty(_h.Requests("chat.postMessage"));
    }

    [Fact]
    public async Task Send_HistoryAnswersNotInChannel_JoinsTheChannelAndChecksAgain()
    {
        var context = OrgContext(new SlackAction("C42", null, "hi"), outcomeUnknown: true);
        _h.Server.Given(Request.Create().WithPath("/api/conversations.history").UsingGet()).InScenario("join").WillSetStateTo("refused")
            .RespondWith(SlackStubs.Json("""{"ok":false,"error":"not_in_channel"}"""));
        _h.Server.Given(Request.Create().WithPath("/api/conversations.history").UsingGet()).InScenario("join").WhenStateIs("refused")
            .RespondWith(SlackStubs.Json($$"""
                {"ok":true,"has_more":false,"messages":[{"type":"message","text":"x","ts":"1741597200.000300",
                 "metadata":{"event_type":"trig_action","event_payload":{"idempotency_key":"{{context.Item.IdempotencyKey}}"} } }]}
                """));
        _h.Server.Given(Request.Create().WithPath("/api/conversations.join").UsingPost()).RespondWith(SlackStubs.Json("""{"ok":true,"channel":{"id":"C42"}}"""));
        _h.Server.PostOk();

        var outcome = await _h.Slack.SendAsync(context, CancellationToken.None);

        Assert.Equal(new ActionOutcome.Sent("C42 1741597200.000300"), outcome);
        Assert.Single(_h.Requests("conversations.join"));
        Assert.Empty(_h.Requests("chat.postMessage"));
    }

    [Fact]
    public async Task Send_OutcomeUnknownButHistoryNotReadable_PostsAnyway()
    {
        _h.Server.Given(Request.Create().WithPath("/api/conversations.history").UsingGet())
            .RespondWith(SlackStubs.Json("""{"ok":false,"error":"missing_scope","needed":"channels:history","provided":"chat:write"}"""));
        _h.Server.PostOk();

        var outcome = await _h.Slack.SendAsync(OrgContext(new SlackAction("C42", null, "hi"), outcomeUnknown: true), CancellationToken.None);

        Assert.IsType<ActionOutcome.Sent>(outcome);
        Assert.Single(_h.Requests("chat.postMessage"));
        Assert.Contains(_h.Logs.Messages, m => m.Contains("cannot check C42 for an earlier post", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Send_Cancelled_Throws()
    {
        _h.Server.PostOk();
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _h.Slack.SendAsync(OrgContext(ChannelAction), cts.Token));
    }
    [Fact]
    public async Task Send_ConfiguredContextAttributes_ReplaceTheDefaults()
    {
        using var harness = new ActionsHarness(new Dictionary<string, string?> { ["Trig:Slack:ContextAttributes:0"] = "seats" });
        harness.Server.PostOk();
        var org = TestData.Organisation(attributes: [("plan", AttributeValue.Of("pro")), ("seats", AttributeValue.Of(12))]);

        await harness.Slack.SendAsync(TestData.Context(new SlackAction("C42", null, "hi"), org), CancellationToken.None);

        var elements = Body(Assert.Single(harness.Requests("chat.postMessage"))).GetProperty("blocks")[1].GetProperty("elements");
        Assert.Equal("seats: 12", elements[1].GetProperty("text").GetString());
    }
}
