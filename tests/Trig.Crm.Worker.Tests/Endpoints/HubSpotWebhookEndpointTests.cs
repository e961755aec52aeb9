using Trig.Crm.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Trig.Crm.Engine.Cycle;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Store;
using Trig.Crm.Testing.Stores;
using Trig.Crm.Testing.Stubs;
using Trig.Crm.Worker.Tests.Support;

namespace Trig.Crm.Worker.Tests.Endpoints;

/// <summary>
/// <c>POST /api/hubspot/webhooks</c> on the web host (TestServer, FakeTimeProvider): v3 signature checks, replay
/// protection, deletions, and the fast path re-reading exactly the announced records from a WireMock HubSpot.
/// </summary>
public sealed class HubSpotWebhookEndpointTests : IAsyncLifetime
{
    private const string Path = "/api/hubspot/webhooks";
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);
    private readonly TempStore _store = new("webhook");
    private readonly HubSpotStub _hubspot = new();
    private TrigWebHost _host = null!;

    public async Task InitializeAsync()
    {
        _hubspot.Companies["101"] = new() { ["name"] = "Acme Labs", ["lifecyclestage"] = "customer", ["annualrevenue"] = "50000" };
        _hubspot.Companies["102"] = new() { ["name"] = "Beta Works", ["lifecyclestage"] = "lead", ["annualrevenue"] = "500" };
        _hubspot.Contacts["201"] = new() { ["email"] = "ava@acme.example", ["firstname"] = "Ava" };
        _hubspot.PrimaryCompany["201"] = "101";
        _host = await StartAsync(publicBaseUrl: null);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _hubspot.Dispose();
        _store.Dispose();
    }

    private Task<TrigWebHost> StartAsync(string? publicBaseUrl) => TrigWebHost.StartAsync(
        [
            "--Trig:Crm:Provider=hubspot",
            $"--Trig:HubSpot:AccessToken={HubSpotStub.Token}",
            $"--Trig:HubSpot:BaseUrl={_hubspot.Url}",
            $"--Trig:HubSpot:ClientSecret={HubSpotSigning.Secret}",
            "--Trig:HubSpot:PortalId=7654321",
            "--Trig:HubSpot:CompanyProperties=name,lifecyclestage,arr:annualrevenue",
            "--Trig:HubSpot:ContactProperties=email,firstname",
            _store.Arg,
            $"--Trig:Definitions:Path={FixtureLifecycle.WriteTo(_store.Directory)}",
            .. publicBaseUrl is null ? Array.Empty<string>() : [$"--Trig:Http:PublicBaseUrl={publicBaseUrl}"],
        ],
        Now);

    private static string Events(params (long EventId, string Type, string ObjectId)[] events) =>
        new JsonArray([.. events.Select(e => (JsonNode)new JsonObject
        {
            ["eventId"] = e.EventId,
            ["subscriptionId"] = 2481532,
            ["portalId"] = 7654321,
            ["appId"] = 1160452,
            ["occurredAt"] = Now.AddSeconds(-30).ToUnixTimeMilliseconds(),
            ["subscriptionType"] = e.Type,
            ["attemptNumber"] = 0,
            ["objectId"] = long.Parse(e.ObjectId, System.Globalization.CultureInfo.InvariantCulture),
            ["propertyName"] = e.Type.EndsWith("propertyChange", StringComparison.Ordinal) ? "lifecyclestage" : null,
            ["propertyValue"] = e.Type.EndsWith("propertyChange", StringComparison.Ordinal) ? "customer" : null,
            ["changeSource"] = "CRM",
        })]).ToJsonString();

    private Task<HttpResponseMessage> PostAsync(string body, DateTimeOffset? signedAt = null, string secret = HubSpotSigning.Secret, string? signedBase = null, TrigWebHost? host = null)
    {
        host ??= _host;
        var request = HubSpotSigning.Signed(HttpMethod.Post, (signedBase ?? host.BaseUrl) + Path, body, signedAt ?? host.Time.GetUtcNow(), secret, requestUri: Path);
        return host.Client.SendAsync(request);
    }

    private static async Task<JsonNode> AckAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonNode>())!;
    }

    private static List<string> BatchReadIds(HubSpotStub stub, string type) =>
        [.. stub.RequestsTo("POST", $"/crm/v3/objects/{type}/batch/read")
            .SelectMany(e => JsonNode.Parse(e.RequestMessage.Body!)!["inputs"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()))];

    [Fact]
    public async Task Webhook_ValidSignature_QueuesRecords_AndTheFastPathReadsExactlyThoseIds()
    {
        var ack = await AckAsync(await PostAsync(Events((1001, "company.propertyChange", "101"), (1002, "contact.propertyChange", "201"))));
        Assert.Equal(2, ack["received"]!.GetValue<int>());
        Assert.Equal(2, ack["queued"]!.GetValue<int>());
        Assert.Equal(0, ack["duplicates"]!.GetValue<int>());
        Assert.Empty(_hubspot.Requests);

        await _host.Get<IncrementalCycle>().RunAsync(default);

        Assert.Equal(["101"], BatchReadIds(_hubspot, "companies"));
        Assert.Equal(["201"], BatchReadIds(_hubspot, "contacts"));
        Assert.Empty(_hubspot.RequestsTo("GET", "/crm/v3/objects/companies"));
        var store = _host.Get<ITrigStore>();
        var acme = await store.LoadEntityAsync(EntityKind.Organisation, "101", default);
        Assert.Equal("Acme Labs", acme!.Get("name").AsString);
        Assert.Null(await store.LoadEntityAsync(EntityKind.Organisation, "102", default));

        // The refreshed company was evaluated and its metadata pushed at once.
        var pushed = _hubspot.UpdateInputs("companies").ToDictionary(i => i.Id, i => i.Properties);
        Assert.Equal("true", pushed["101"]["trig_currently_member_of_paying_customers"]);
        Assert.Empty(await store.TakeRefreshAsync(100, default));
    }

    [Fact]
    public async Task Webhook_TamperedBody_Is401AndQueuesNothing()
    {
        var body = Events((2001, "company.propertyChange", "101"));
        var request = HubSpotSigning.Signed(HttpMethod.Post, _host.BaseUrl + Path, body, Now, requestUri: Path);
        request.Content = new StringContent(body.Replace("101", "102", StringComparison.Ordinal), System.Text.Encoding.UTF8, "application/json");
        var response = await _host.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(await _host.Get<ITrigStore>().TakeRefreshAsync(100, default));
    }

    [Fact]
    public async Task Webhook_WrongSecret_Is401()
    {
        var response = await PostAsync(Events((3001, "company.propertyChange", "101")), secret: "not-the-client-secret");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(await _host.Get<ITrigStore>().TakeRefreshAsync(100, default));
    }

    [Fact]
    public async Task Webhook_TimestampOlderThanFiveMinutes_Is401_AndFourMinutesIsAccepted()
    {
        var body = Events((4001, "company.propertyChange", "101"));
        var stale = HubSpotSigning.Signed(HttpMethod.Post, _host.BaseUrl + Path, body, _host.Time.GetUtcNow(), requestUri: Path);
        _host.Time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.Unauthorized, (await _host.Client.SendAsync(stale)).StatusCode);

        var recent = await PostAsync(Events((4002, "company.propertyChange", "101")), signedAt: _host.Time.GetUtcNow() - TimeSpan.FromMinutes(4));
        Assert.Equal(1, (await AckAsync(recent))["queued"]!.GetValue<int>());
    }

    [Fact]
    public async Task Webhook_MissingHeaders_Is401()
    {
        var body = Events((5001, "company.propertyChange", "101"));
        foreach (var drop in new[] { "X-HubSpot-Signature-v3", "X-HubSpot-Request-Timestamp" })
        {
            var request = HubSpotSigning.Signed(HttpMethod.Post, _host.BaseUrl + Path, body, Now, requestUri: Path);
            request.Headers.Remove(drop);
            Assert.Equal(HttpStatusCode.Unauthorized, (await _host.Client.SendAsync(request)).StatusCode);
        }

        var unsigned = await _host.Client.PostAsync(Path, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        Assert.Empty(await _host.Get<ITrigStore>().TakeRefreshAsync(100, default));
    }

    [Fact]
    public async Task Webhook_ReplayedEventId_IsCountedAsDuplicateAndNotQueuedTwice()
    {
        var body = Events((6001, "company.propertyChange", "101"));
        var first = await AckAsync(await PostAsync(body));
        var replay = await AckAsync(await PostAsync(body));
        Assert.Equal(1, first["queued"]!.GetValue<int>());
        Assert.Equal(0, first["duplicates"]!.GetValue<int>());
        Assert.Equal(1, replay["duplicates"]!.GetValue<int>());
        Assert.Equal(0, replay["queued"]!.GetValue<int>());

        var queued = await _host.Get<ITrigStore>().TakeRefreshAsync(100, default);
        Assert.Equal([new CrmRecordRef(EntityKind.Organisation, "101")], queued);
    }

    [Fact]
    public async Task Webhook_FailureAfterTheEventIdsAreWritten_LeavesNeither_AndHubSpotsRetryQueuesTheRefreshes()
    {
        var body = Events((7001, "company.propertyChange", "101"), (7002, "contact.propertyChange", "201"));
        var store = (Trig.Crm.Store.Sqlite.SqliteStore)_host.Get<ITrigStore>();
        store.DeliveryFaultInjector = () => throw new InvalidOperationException("simulated crash between the event ids and the refreshes");
        try
        {
            using var failed = await PostAsync(body);
            Assert.NotEqual(HttpStatusCode.OK, failed.StatusCode);
        }
        catch (InvalidOperationException)
        {
            // the TestServer hands the endpoint's exception to the caller: the delivery was not acknowledged
        }

        store.DeliveryFaultInjector = null;
        Assert.Empty(await store.TakeRefreshAsync(100, default));

        var retry = await AckAsync(await PostAsync(body));
        Assert.Equal(0, retry["duplicates"]!.GetValue<int>());
        Assert.Equal(2, retry["queued"]!.GetValue<int>());
        Assert.Equal(2, (await store.TakeRefreshAsync(100, default)).Count);
    }

    [Fact]
    public async Task Webhook_DeletionEvent_RemovesTheEntity()
    {
        var store = _host.Get<ITrigStore>();
        await store.UpsertAsync([new CrmRecord(EntityKind.Organisation, "105", null, new Dictionary<string, AttributeValue> { ["name"] = AttributeValue.Of("Epsilon") })], default);
        Assert.NotNull(await store.LoadEntityAsync(EntityKind.Organisation, "105", default));

        var ack = await AckAsync(await PostAsync(Events((7001, "company.deletion", "105"))));
        Assert.Equal(1, ack["deleted"]!.GetValue<int>());
        Assert.Equal(0, ack["queued"]!.GetValue<int>());
        Assert.Null(await store.LoadEntityAsync(EntityKind.Organisation, "105", default));
    }

    [Fact]
    public async Task Webhook_BehindAProxy_IsVerifiedAgainstPublicBaseUrl()
    {
        await using var proxied = await StartAsync(publicBaseUrl: "https://trig.example.com/");
        var body = Events((8001, "company.propertyChange", "101"));

        var ok = await PostAsync(body, signedBase: "https://trig.example.com", host: proxied);
        Assert.Equal(1, (await AckAsync(ok))["queued"]!.GetValue<int>());

        // Signed for the address the request reached internally, not the public one: refused.
        var local = await PostAsync(Events((8002, "company.propertyChange", "101")), signedBase: proxied.BaseUrl, host: proxied);
        Assert.Equal(HttpStatusCode.Unauthorized, local.StatusCode);
    }

    [Fact]
    public async Task Webhook_WithoutPublicBaseUrl_SignedForAnotherHost_Is401()
    {
        var response = await PostAsync(Events((9001, "company.propertyChange", "101")), signedBase: "https://trig.example.com");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
