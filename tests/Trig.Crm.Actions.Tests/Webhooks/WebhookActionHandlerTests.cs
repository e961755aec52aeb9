using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Trig.Crm.Actions.Webhooks;
using Trig.Crm.Lifecycle.Actions;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Testing;
using Trig.Crm.Testing.Stubs;
using WireMock.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Trig.Crm.Actions.Tests.Webhooks;

public sealed class WebhookActionHandlerTests : IDisposable
{
    private readonly ActionsHarness _h = new();

    public void Dispose() => _h.Dispose();

    private WebhookAction Action(string? secret = "crm_hook") =>
        new(_h.Server.Url + "/hooks/trig", secret, ["plan", "arr", "active", "tags", "renewal", "owner_email", "missing"]);

    private static ActionContext PersonContext(ActionSpec action)
    {
        var org = TestData.Organisation(attributes: [("arr", AttributeValue.Of(12000.5)), ("plan", AttributeValue.Of("org-plan"))]);
        var person = TestData.Person("p-1", "ada@acme.test", "Ada", attributes:
        [
            ("plan", AttributeValue.Of("pro & <more>")),
            ("active", AttributeValue.Of(true)),
            ("tags", AttributeValue.Of(["a", "b"])),
            ("renewal", AttributeValue.Of(new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero))),
        ]);
        return TestData.Context(action, person, org);
    }

    private void Respond(int status, string? retryAfter = null)
    {
        var response = Response.Create().WithStatusCode(status).WithBody("ok");
        if (retryAfter is not null)
        {
            response = response.WithHeader("Retry-After", retryAfter);
        }

        _h.Server.Given(Request.Create().WithPath("/hooks/trig").UsingPost()).RespondWith(response);
    }

    private IReadOnlyList<ILogEntry> Hooks => _h.Server.LogEntries.Where(e => e.RequestMessage.Path == "/hooks/trig").ToList();

    private static string Header(ILogEntry e, string name) => e.RequestMessage.Headers![name].ToString();

    private static byte[] RawBody(ILogEntry e) => e.RequestMessage.BodyData!.BodyAsBytes ?? Encoding.UTF8.GetBytes(e.RequestMessage.Body!);

    [Fact]
    public async Task Send_Success_PostsTheSignedEventWithHeaders()
    {
        Respond(202);
        var context = PersonContext(Action());

        var outcome = await _h.Webhook.SendAsync(context, CancellationToken.None);

        Assert.Equal(new ActionOutcome.Sent("HTTP 202"), outcome);
        var hook = Assert.Single(Hooks);
        Assert.Equal(TestData.Start.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), Header(hook, "X-Trig-Timestamp"));
        Assert.Equal(context.Item.IdempotencyKey, Header(hook, "Idempotency-Key"));
        Assert.StartsWith("application/json", Header(hook, "Content-Type"), StringComparison.Ordinal);
        Assert.Equal("Trig.Crm-Webhooks/1.0", Header(hook, "User-Agent"));
        Assert.Matches("^v1=[0-9a-f]{64}$", Header(hook, "X-Trig-Signature"));

        using var json = JsonDocument.Parse(RawBody(hook));
        var root = json.RootElement;
        Assert.Equal(context.Item.IdempotencyKey, root.GetProperty("id").GetString());
        Assert.Equal("first_strike_moment", root.GetProperty("definition").GetProperty("key").GetString());
        Assert.Equal("First Strike Moment", root.GetProperty("definition").GetProperty("name").GetString());
        Assert.Equal("behaviour", root.GetProperty("definition").GetProperty("kind").GetString());
        Assert.Equal("entered", root.GetProperty("transition").GetString());
        Assert.Equal("2025-03-10T09:00:00.000Z", root.GetProperty("occurred_at").GetString());
        Assert.Equal("person", root.GetProperty("entity").GetProperty("kind").GetString());
        Assert.Equal("p-1", root.GetProperty("entity").GetProperty("id").GetString());
        Assert.Equal("org-1", root.GetProperty("entity").GetProperty("organisation_id").GetString());
        var attributes = root.GetProperty("attributes");
        Assert.Equal("pro & <more>", attributes.GetProperty("plan").GetString());
        Assert.Equal(12000.5, attributes.GetProperty("arr").GetDouble());
        Assert.True(attributes.GetProperty("active").GetBoolean());
        Assert.Equal(["a", "b"], attributes.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("2025-06-01T00:00:00.000Z", attributes.GetProperty("renewal").GetString());
        Assert.Equal("owner@acme.test", attributes.GetProperty("owner_email").GetString());
        Assert.Equal(JsonValueKind.Null, attributes.GetProperty("missing").ValueKind);
    }

    [Fact]
    public async Task Send_Signature_ValidatesWithAnIndependentHmacAndWithWebhookSignature()
    {
        Respond(200);

        await _h.Webhook.SendAsync(PersonContext(Action()), CancellationToken.None);

        var hook = Assert.Single(Hooks);
        var body = RawBody(hook);
        var ts = Header(hook, "X-Trig-Timestamp");
        var sig = Header(hook, "X-Trig-Signature");
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(ActionsHarness.WebhookSecret));
        var independent = "v1=" + Convert.ToHexString(hmac.ComputeHash([.. Encoding.ASCII.GetBytes(ts + "."), .. body])).ToLowerInvariant();
        Assert.Equal(independent, sig);
        Assert.True(WebhookSignature.Verify(ActionsHarness.WebhookSecret, ts, body, sig, TestData.Start));
        Assert.False(WebhookSignature.Verify("another-secret", ts, body, sig));
        Assert.False(WebhookSignature.Verify(ActionsHarness.WebhookSecret, ts, [.. body, (byte)' '], sig));
        Assert.False(WebhookSignature.Verify(ActionsHarness.WebhookSecret, ts, body, sig, TestData.Start.AddMinutes(6)));
    }

    [Fact]
    public async Task Send_Signature_ValidatesWithTheReadmeBashOpensslRecipe()
    {
        Respond(200);
        await _h.Webhook.SendAsync(PersonContext(Action()), CancellationToken.None);
        var hook = Assert.Single(Hooks);
        var body = RawBody(hook);
        var ts = Header(hook, "X-Trig-Timestamp");
        var sig = Header(hook, "X-Trig-Signature");
        if (!File.Exists("/usr/bin/openssl") || !File.Exists("/bin/bash"))
        {
            // No openssl here: check the recipe's algorithm with an independent implementation instead.
            byte[] signed = [.. Encoding.ASCII.GetBytes(ts + "."), .. body];
            var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(ActionsHarness.WebhookSecret), signed);
            Assert.Equal("v1=" + Convert.ToHexString(mac).ToLowerInvariant(), sig);
            return;
        }

        var (validCode, validOut) = await RunRecipeAsync(body, ts, sig);
        var (tamperedCode, tamperedOut) = await RunRecipeAsync([.. body[..^1], (byte)'x'], ts, sig);
        var (staleCode, _) = await RunRecipeAsync(body, ts, sig, now: TestData.Start.AddMinutes(10).ToUnixTimeSeconds());

        Assert.Equal((0, "valid"), (validCode, validOut));
        Assert.Equal((1, "invalid"), (tamperedCode, tamperedOut));
        Assert.Equal(1, staleCode);
    }

    private static async Task<(int Code, string Output)> RunRecipeAsync(byte[] body, string ts, string sig, long? now = null)
    {
        // The recipe a receiver copies from the README (the bash block after the webhook-verify marker).
        var markdown = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "README.md"));
        var marker = markdown.IndexOf("<!-- webhook-verify -->", StringComparison.Ordinal);
        Assert.True(marker >= 0, "README.md has no webhook verification recipe");
        var start = markdown.IndexOf("```bash\n", marker, StringComparison.Ordinal) + "```bash\n".Length;
        var script = markdown[start..markdown.IndexOf("\n```", start, StringComparison.Ordinal)];
        var dir = Directory.CreateTempSubdirectory("trig-webhook-recipe-");
        try
        {
            var bodyPath = Path.Combine(dir.FullName, "body.json");
            var scriptPath = Path.Combine(dir.FullName, "verify.sh");
            await File.WriteAllBytesAsync(bodyPath, body);
            await File.WriteAllTextAsync(scriptPath, script + "\n");
            var psi = new ProcessStartInfo("/bin/bash", [scriptPath]) { RedirectStandardOutput = true, RedirectStandardError = true };
            psi.Environment["TRIG_SECRET"] = ActionsHarness.WebhookSecret;
            psi.Environment["TS"] = ts;
            psi.Environment["SIG"] = sig;
            psi.Environment["BODY"] = bodyPath;
            psi.Environment["NOW"] = (now ?? long.Parse(ts, System.Globalization.CultureInfo.InvariantCulture)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            using var process = Process.Start(psi)!;
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, output.Trim());
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(408)]
    [InlineData(429)]
    public async Task Send_TransientStatus_Retries(int status)
    {
        Respond(status);

        var outcome = await _h.Webhook.SendAsync(PersonContext(Action()), CancellationToken.None);

        var retry = Assert.IsType<ActionOutcome.Retry>(outcome);
        Assert.Contains($"HTTP {status}", retry.Reason, StringComparison.Ordinal);
        Assert.Single(Hooks);
    }

    [Fact]
    public async Task Send_429WithRetryAfter_CarriesTheDelay()
    {
        Respond(429, "120");

        var outcome = await _h.Webhook.SendAsync(PersonContext(Action()), CancellationToken.None);

        Assert.Equal(TimeSpan.FromSeconds(120), Assert.IsType<ActionOutcome.Retry>(outcome).RetryAfter);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(404)]
    [InlineData(410)]
    [InlineData(302)]
    public async Task Send_PermanentStatus_Fails(int status)
    {
        Respond(status);

        var outcome = await _h.Webhook.SendAsync(PersonContext(Action()), CancellationToken.None);

        Assert.Contains($"HTTP {status}", Assert.IsType<ActionOutcome.Failed>(outcome).Reason, StringComparison.Ordinal);
        Assert.Single(Hooks);
    }

    [Fact]
    public async Task Send_Retries_SameIdempotencyKeyAndBodyFreshSignature()
    {
        _h.Server.Given(Request.Create().WithPath("/hooks/trig").UsingPost()).InScenario("flaky").WillSetStateTo("up")
            .RespondWith(Response.Create().WithStatusCode(503));
        _h.Server.Given(Request.Create().WithPath("/hooks/trig").UsingPost()).InScenario("flaky").WhenStateIs("up")
            .RespondWith(Response.Create().WithStatusCode(200));
        var context = PersonContext(Action());

        var first = await _h.Webhook.SendAsync(context, CancellationToken.None);
        _h.Time.Advance(TimeSpan.FromMinutes(2));
        var second = await _h.Webhook.SendAsync(context with { Item = context.Item with { Attempts = 1 } }, CancellationToken.None);

        Assert.IsType<ActionOutcome.Retry>(first);
        Assert.IsType<ActionOutcome.Sent>(second);
        var hooks = Hooks;
        Assert.Equal(2, hooks.Count);
        Assert.Equal(Header(hooks[0], "Idempotency-Key"), Header(hooks[1], "Idempotency-Key"));
        Assert.Equal(RawBody(hooks[0]), RawBody(hooks[1]));
        Assert.NotEqual(Header(hooks[0], "X-Trig-Timestamp"), Header(hooks[1], "X-Trig-Timestamp"));
        Assert.All(hooks, h => Assert.True(WebhookSignature.Verify(ActionsHarness.WebhookSecret, Header(h, "X-Trig-Timestamp"), RawBody(h), Header(h, "X-Trig-Signature"))));
    }

    [Fact]
    public async Task Send_SecretNotConfigured_FailsNamingTheKeyWithoutSending()
    {
        Respond(200);

        var outcome = await _h.Webhook.SendAsync(PersonContext(Action("billing")), CancellationToken.None);

        Assert.Equal(new ActionOutcome.Failed("webhook secret is not configured: set Trig:Webhooks:Secrets:billing"), outcome);
        Assert.Empty(Hooks);
    }

    [Fact]
    public async Task Send_NoSecretNamed_UsesTheDefaultSecret()
    {
        using var harness = new ActionsHarness(new Dictionary<string, string?> { ["Trig:Webhooks:Secrets:default"] = "default-secret" });
        harness.Server.Given(Request.Create().WithPath("/hooks/trig").UsingPost()).RespondWith(Response.Create().WithStatusCode(200));

        var outcome = await harness.Webhook.SendAsync(PersonContext(new WebhookAction(harness.Server.Url + "/hooks/trig", null, [])), CancellationToken.None);

        Assert.IsType<ActionOutcome.Sent>(outcome);
        var hook = Assert.Single(harness.Server.LogEntries);
        Assert.True(WebhookSignature.Verify("default-secret", Header(hook, "X-Trig-Timestamp"), RawBody(hook), Header(hook, "X-Trig-Signature")));
    }

    [Fact]
    public async Task Send_ReceiverDown_Retries()
    {
        var action = new WebhookAction($"http://127.0.0.1:{FreePort.Get()}/hooks/trig", "crm_hook", []);

        var outcome = await _h.Webhook.SendAsync(PersonContext(action), CancellationToken.None);

        Assert.IsType<ActionOutcome.Retry>(outcome);
    }

    [Fact]
    public async Task Send_ReceiverTooSlow_RetriesAfterTheTimeout()
    {
        using var harness = new ActionsHarness(new Dictionary<string, string?> { ["Trig:Webhooks:Timeout"] = "00:00:00.300" });
        harness.Server.Given(Request.Create().WithPath("/hooks/trig").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithDelay(TimeSpan.FromSeconds(3)));

        // The resilience timeout runs on the injected (fake) clock: move it on while the receiver stalls.
        var send = harness.Webhook.SendAsync(PersonContext(new WebhookAction(harness.Server.Url + "/hooks/trig", "crm_hook", [])), CancellationToken.None);
        for (var i = 0; i < 100 && !send.IsCompleted; i++)
        {
            await Task.WhenAny(send, Task.Delay(10));
            harness.Time.Advance(TimeSpan.FromMilliseconds(100));
        }

        var outcome = await send;

        Assert.Contains("timed out", Assert.IsType<ActionOutcome.Retry>(outcome).Reason, StringComparison.Ordinal);
    }
}
