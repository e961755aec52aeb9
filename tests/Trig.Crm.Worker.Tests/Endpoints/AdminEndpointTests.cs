using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Trig.Crm.Engine.Cycle;
using Trig.Crm.Engine.Outbox;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Store;
using Trig.Crm.Testing.Stores;
using Trig.Crm.Worker.Tests.Support;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Trig.Crm.Worker.Tests.Endpoints;

/// <summary>
/// <c>/api/admin/...</c> on the web host over a small local-CRM store: auth (bearer key, HubSpot-signed admin user),
/// definitions with metrics, audience preview, pause/resume (persisted, audited, honoured by the next cycle), and
/// failed actions with retry (a Slack action whose bot token Slack refuses dead-letters).
/// </summary>
public sealed class AdminEndpointTests : IAsyncLifetime
{
    private const string Key = "admin-key-0123456789abcdef";
    private const string Yaml = """
        schema:
          organisation:
            name: string
            plan: string
            arr: number
        behaviours:
          - key: big_account
            name: Big account
            completion: [ arr >= 10000 ]
            on_complete:
              - slack: { channel: "#cs-alerts", text: "{name} is a big account" }
        cohorts:
          - key: premium
            name: Premium accounts
            criteria: [ plan = Premium ]
        """;

    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);
    private readonly TempStore _store = new("admin");
    private readonly WireMockServer _slack = WireMockServer.Start();
    private TrigWebHost _host = null!;

    public async Task InitializeAsync()
    {
        var definitions = Path.Combine(_store.Directory, "lifecycle");
        Directory.CreateDirectory(definitions);
        await File.WriteAllTextAsync(Path.Combine(definitions, "admin.yaml"), Yaml);
        _host = await TrigWebHost.StartAsync(
            [
                _store.Arg,
                $"--Trig:Definitions:Path={definitions}",
                $"--Trig:Admin:ApiKey={Key}",
                $"--Trig:HubSpot:ClientSecret={HubSpotSigning.Secret}",
                "--Trig:HubSpot:PortalId=7654321",
                "--Trig:Admin:HubSpotUsers=admin@vendor.example, 424242",
                "--Trig:Slack:BotToken=xoxb-revoked",
                $"--Trig:Slack:BaseUrl={_slack.Url}/api/",
            ],
            Now);
        await UpsertAsync(("org-1", "Acme", "Premium", 50000), ("org-2", "Beta", "Starter", 2000), ("org-3", "Gamma", "Premium", 12000));
        await CycleAsync();
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _slack.Stop();
        _store.Dispose();
    }

    private Task UpsertAsync(params (string Id, string Name, string Plan, double Arr)[] orgs) =>
        _host.Get<ITrigStore>().UpsertAsync(
            [.. orgs.Select(o => new CrmRecord(EntityKind.Organisation, o.Id, null, new Dictionary<string, AttributeValue>
            {
                ["name"] = AttributeValue.Of(o.Name),
                ["plan"] = AttributeValue.Of(o.Plan),
                ["arr"] = AttributeValue.Of(o.Arr),
            }))],
            default);

    private async Task CycleAsync()
    {
        _host.Time.Advance(TimeSpan.FromMinutes(15));
        await _host.Get<FullCycle>().RunAsync(new FullCycleRequest(Pull: false), default);
    }

    private HttpRequestMessage WithKey(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        return request;
    }

    private async Task<JsonNode> SendOkAsync(HttpMethod method, string path)
    {
        var response = await _host.Client.SendAsync(WithKey(method, path));
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonNode>())!;
    }

    private static JsonNode ByKey(JsonNode list, string key) => list.AsArray().Single(d => d!["key"]!.GetValue<string>() == key)!;

    [Fact]
    public async Task Admin_WithoutAuthOrWithAWrongKey_Is401()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await _host.Client.GetAsync("/api/admin/definitions")).StatusCode);
        var wrong = new HttpRequestMessage(HttpMethod.Get, "/api/admin/definitions");
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Key + "x");
        Assert.Equal(HttpStatusCode.Unauthorized, (await _host.Client.SendAsync(wrong)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _host.Client.PostAsync("/api/admin/definitions/premium/pause", null)).StatusCode);
        Assert.False((await _host.Get<ITrigStore>().LoadDefinitionRuntimeAsync(default))["premium"].PausedByAdmin);
    }

    [Fact]
    public async Task Definitions_ListsKindStatusAndMetrics()
    {
        var list = await SendOkAsync(HttpMethod.Get, "/api/admin/definitions");
        Assert.Equal(2, list.AsArray().Count);

        var big = ByKey(list, "big_account");
        Assert.Equal("behaviour", big["kind"]!.GetValue<string>());
        Assert.Equal("organisation", big["entity"]!.GetValue<string>());
        Assert.Equal("live", big["status"]!.GetValue<string>());
        Assert.Equal(3, big["metrics"]!["entered"]!.GetValue<int>());
        Assert.Equal(2, big["metrics"]!["completed"]!.GetValue<int>());
        Assert.Equal(1, big["metrics"]!["active"]!.GetValue<int>());

        var premium = ByKey(list, "premium");
        Assert.Equal("cohort", premium["kind"]!.GetValue<string>());
        Assert.Equal(2, premium["metrics"]!["entered"]!.GetValue<int>());
        Assert.Equal(2, premium["metrics"]!["active"]!.GetValue<int>());
    }

    [Fact]
    public async Task Preview_ShowsWhoWouldEnterWithoutChangingAnything()
    {
        await UpsertAsync(("org-4", "Delta", "Premium", 100));
        var preview = await SendOkAsync(HttpMethod.Get, "/api/admin/definitions/premium/preview");
        Assert.Equal("premium", preview["key"]!.GetValue<string>());
        var entering = preview["wouldEnter"]!.AsArray().Select(e => (e!["id"]!.GetValue<string>(), e["name"]!.GetValue<string>())).ToList();
        Assert.Equal([("org-4", "Delta")], entering);
        Assert.Empty(preview["wouldExit"]!.AsArray());

        var org4 = await _host.Get<ITrigStore>().LoadEntityAsync(EntityKind.Organisation, "org-4", default);
        Assert.Empty(org4!.Memberships);
        Assert.Equal(HttpStatusCode.NotFound, (await _host.Client.SendAsync(WithKey(HttpMethod.Get, "/api/admin/definitions/nope/preview"))).StatusCode);
    }

    [Fact]
    public async Task Pause_IsPersistedAudited_AndHonouredByTheNextCycle_ThenResume()
    {
        var paused = await SendOkAsync(HttpMethod.Post, "/api/admin/definitions/premium/pause");
        Assert.Equal("paused", paused["status"]!.GetValue<string>());
        Assert.True((await _host.Get<ITrigStore>().LoadDefinitionRuntimeAsync(default))["premium"].PausedByAdmin);
        Assert.Equal("paused", ByKey(await SendOkAsync(HttpMethod.Get, "/api/admin/definitions"), "premium")["status"]!.GetValue<string>());

        var audit = await SendOkAsync(HttpMethod.Get, "/api/admin/audit");
        var last = audit.AsArray()[0]!;
        Assert.Equal(("api-key", "pause", "premium"), (last["actor"]!.GetValue<string>(), last["action"]!.GetValue<string>(), last["subject"]!.GetValue<string>()));

        // A new Premium account while paused: the next cycle admits it to nothing paused, but live definitions still run.
        await UpsertAsync(("org-5", "Epsilon", "Premium", 20000));
        await CycleAsync();
        var store = _host.Get<ITrigStore>();
        var org5 = await store.LoadEntityAsync(EntityKind.Organisation, "org-5", default);
        Assert.DoesNotContain("premium", org5!.Memberships.Keys);
        Assert.Contains("big_account", org5.Memberships.Keys);

        var resumed = await SendOkAsync(HttpMethod.Post, "/api/admin/definitions/premium/resume");
        Assert.Equal("live", resumed["status"]!.GetValue<string>());
        Assert.Equal("resume", (await SendOkAsync(HttpMethod.Get, "/api/admin/audit")).AsArray()[0]!["action"]!.GetValue<string>());
        await CycleAsync();
        org5 = await store.LoadEntityAsync(EntityKind.Organisation, "org-5", default);
        Assert.True(org5!.Memberships["premium"].IsActive);

        Assert.Equal(HttpStatusCode.NotFound, (await _host.Client.SendAsync(WithKey(HttpMethod.Post, "/api/admin/definitions/nope/pause"))).StatusCode);
    }

    [Fact]
    public async Task FailedActions_ListsDeadLetteredSlackActions_AndRetryRequeuesOne()
    {
        // Two big accounts completed: their Slack messages dead-letter, Slack refusing the (revoked) bot token.
        _slack.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBody("""{"ok":false,"error":"invalid_auth"}"""));
        var report = await _host.Get<OutboxDispatcher>().DispatchDueAsync(default);
        Assert.Equal(2, report.DeadLettered);

        var failed = await SendOkAsync(HttpMethod.Get, "/api/admin/actions/failed");
        var rows = failed.AsArray().Select(r => r!).ToList();
        Assert.Equal(["org-1", "org-3"], rows.Select(r => r["entityId"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.All(rows, r =>
        {
            Assert.Equal("slack", r["kind"]!.GetValue<string>());
            Assert.Equal("big_account", r["definitionKey"]!.GetValue<string>());
            Assert.Contains("invalid_auth", r["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        });

        var id = rows[0]["id"]!.GetValue<long>();
        var retry = await _host.Client.SendAsync(WithKey(HttpMethod.Post, $"/api/admin/actions/{id}/retry"));
        Assert.Equal(HttpStatusCode.NoContent, retry.StatusCode);
        var after = await SendOkAsync(HttpMethod.Get, "/api/admin/actions/failed");
        Assert.DoesNotContain(after.AsArray(), r => r!["id"]!.GetValue<long>() == id);
        Assert.Single(after.AsArray());
        Assert.Equal(1, (await _host.Get<ITrigStore>().CountByStatusAsync(default)).GetValueOrDefault("pending"));

        Assert.Equal(HttpStatusCode.NotFound, (await _host.Client.SendAsync(WithKey(HttpMethod.Post, "/api/admin/actions/987654/retry"))).StatusCode);
    }

    [Theory]
    [InlineData("userId=1&userEmail=admin%40vendor.example&portalId=7654321&appId=1160452", HttpStatusCode.OK)]
    [InlineData("userId=424242&userEmail=someone%40vendor.example&portalId=7654321", HttpStatusCode.OK)]
    [InlineData("userId=5&userEmail=intruder%40vendor.example&portalId=7654321", HttpStatusCode.Unauthorized)]
    [InlineData("userId=1&userEmail=admin%40vendor.example&portalId=1111111", HttpStatusCode.Unauthorized)]
    [InlineData("userId=424242&userEmail=admin%40vendor.example", HttpStatusCode.Unauthorized)]
    public async Task HubSpotSignedRequest_FromAnAllowedUserOfThePortal_IsAdmitted(string query, HttpStatusCode expected)
    {
        var path = "/api/admin/definitions?" + query;
        var signed = HubSpotSigning.Signed(HttpMethod.Get, _host.BaseUrl + path, null, _host.Time.GetUtcNow(), requestUri: path);
        var response = await _host.Client.SendAsync(signed);
        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.OK)
        {
            Assert.Equal(2, (await response.Content.ReadFromJsonAsync<JsonArray>())!.Count);
        }

        // The same query with a bad signature never passes.
        var forged = HubSpotSigning.Signed(HttpMethod.Get, _host.BaseUrl + path, null, _host.Time.GetUtcNow(), secret: "guess", requestUri: path);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _host.Client.SendAsync(forged)).StatusCode);
    }

    [Fact]
    public async Task HubSpotSignedPause_IsAuditedUnderTheHubSpotUser()
    {
        var path = "/api/admin/definitions/big_account/pause?userId=1&userEmail=admin%40vendor.example&portalId=7654321";
        var response = await _host.Client.SendAsync(HubSpotSigning.Signed(HttpMethod.Post, _host.BaseUrl + path, null, _host.Time.GetUtcNow(), requestUri: path));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var last = (await SendOkAsync(HttpMethod.Get, "/api/admin/audit")).AsArray()[0]!;
        Assert.Equal("hubspot:admin@vendor.example", last["actor"]!.GetValue<string>());
    }
}
