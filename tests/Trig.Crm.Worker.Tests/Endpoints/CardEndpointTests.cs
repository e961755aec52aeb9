using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Trig.Crm.Engine.Cycle;
using Trig.Crm.Engine.Definitions;
using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Store;
using Trig.Crm.Worker.Tests.Support;

namespace Trig.Crm.Worker.Tests.Endpoints;

/// <summary>
/// The card API over a demo store: <c>GET /api/cards/hubspot</c> (HubSpot v3 signed) and <c>GET /api/cards/local/{id}</c>.
/// Expected values are read from the store and the definitions, not from the card code.
/// </summary>
public sealed class CardEndpointTests(DemoWebHostFixture fixture) : IClassFixture<DemoWebHostFixture>
{
    private TrigWebHost Host => fixture.Host;

    private Task<HttpResponseMessage> SignedGetAsync(string pathAndQuery, DateTimeOffset? at = null) =>
        Host.Client.SendAsync(HubSpotSigning.Signed(HttpMethod.Get, Host.BaseUrl + pathAndQuery, null, at ?? Host.Time.GetUtcNow(), requestUri: pathAndQuery));

    /// <summary>The demo organisation with an active stage and the most memberships: the richest card.</summary>
    private async Task<EntityState> RichOrganisationAsync()
    {
        var set = Host.Get<DefinitionCatalog>().Current!;
        var units = await Host.Get<ITrigStore>().LoadUnitsAsync(null, null, default);
        return units.Select(u => u.Organisation).OfType<EntityState>()
            .Where(o => o.Memberships.Any(m => m.Value.IsActive && set.ByKey.TryGetValue(m.Key, out var d) && d.Kind == DefinitionKind.Stage))
            .OrderByDescending(o => o.Memberships.Count).ThenBy(o => o.Id, StringComparer.Ordinal)
            .First();
    }

    [Fact]
    public async Task HubSpotCard_Signed_ReturnsTheCardViewOfTheOrganisation()
    {
        var org = await RichOrganisationAsync();
        var set = Host.Get<DefinitionCatalog>().Current!;
        var response = await SignedGetAsync($"/api/cards/hubspot?objectType=companies&objectId={org.Id}&portalId=7654321&userId=1&userEmail=sam%40vendor.example");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        var card = (await response.Content.ReadFromJsonAsync<JsonNode>())!;

        Assert.Equal(org.Id, card["entity"]!["id"]!.GetValue<string>());
        Assert.Equal("organisation", card["entity"]!["kind"]!.GetValue<string>());
        Assert.Equal(org.Get("name").AsString, card["entity"]!["name"]!.GetValue<string>());
        Assert.Equal(DemoWebHostFixture.Now, card["asOf"]!.GetValue<DateTimeOffset>());

        var stage = set.Ordered.First(d => d.Kind == DefinitionKind.Stage && org.Memberships.TryGetValue(d.Key, out var m) && m.IsActive);
        Assert.Equal(stage.Key, card["stage"]!["key"]!.GetValue<string>());
        Assert.Equal(stage.Objectives.Length, card["stage"]!["objectivesTotal"]!.GetValue<int>());
        Assert.Equal(
            stage.Objectives.Count(o => org.Memberships.TryGetValue(o.Key, out var om) && om.Status == MembershipStatus.Completed),
            card["stage"]!["objectivesDone"]!.GetValue<int>());
        Assert.Equal(stage.Objectives.Select(o => o.Key), card["stage"]!["objectives"]!.AsArray().Select(o => o!["key"]!.GetValue<string>()));

        var behaviours = set.All.Where(d => d.Kind == DefinitionKind.Behaviour && org.Memberships.ContainsKey(d.Key)).Select(d => d.Key).Order(StringComparer.Ordinal);
        Assert.Equal(behaviours, card["behaviours"]!.AsArray().Select(b => b!["key"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        var cohorts = set.All.Where(d => d.Kind == DefinitionKind.Cohort && org.Memberships.TryGetValue(d.Key, out var m) && m.IsActive).Select(d => d.Key).Order(StringComparer.Ordinal);
        Assert.Equal(cohorts, card["cohorts"]!.AsArray().Select(c => c!["key"]!.GetValue<string>()).Order(StringComparer.Ordinal));

        var stored = await Host.Get<ITrigStore>().TransitionsForAsync(EntityKind.Organisation, org.Id, 10, default);
        Assert.NotEmpty(stored);
        Assert.Equal(stored.Select(t => (t.Transition.DefinitionKey, t.Transition.Name)),
            card["transitions"]!.AsArray().Select(t => (t!["definitionKey"]!.GetValue<string>(), t["transition"]!.GetValue<string>())));

        // Keys the cards rely on are present even when null.
        Assert.True(card.AsObject().ContainsKey("signal"));
        Assert.True(card.AsObject().ContainsKey("currentJob"));
    }

    [Fact]
    public async Task HubSpotCard_Contact_ReturnsThePersonCard()
    {
        var person = (await Host.Get<ITrigStore>().LoadUnitsAsync(null, null, default)).SelectMany(u => u.People).First();
        var response = await SignedGetAsync($"/api/cards/hubspot?objectType=contacts&objectId={person.Id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var card = (await response.Content.ReadFromJsonAsync<JsonNode>())!;
        Assert.Equal(person.Id, card["entity"]!["id"]!.GetValue<string>());
        Assert.Equal("person", card["entity"]!["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task HubSpotCard_UnsignedOrStale_Is401()
    {
        var path = "/api/cards/hubspot?objectType=companies&objectId=org-0001";
        Assert.Equal(HttpStatusCode.Unauthorized, (await Host.Client.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SignedGetAsync(path, Host.Time.GetUtcNow() - TimeSpan.FromMinutes(6))).StatusCode);

        // The signature covers the query: the same signature for another record is refused.
        var request = HubSpotSigning.Signed(HttpMethod.Get, Host.BaseUrl + path, null, Host.Time.GetUtcNow(), requestUri: path.Replace("0001", "0002", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Unauthorized, (await Host.Client.SendAsync(request)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SignedGetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task HubSpotCard_UnknownRecord_Is404WithTheProblemTheCardShows()
    {
        var response = await SignedGetAsync("/api/cards/hubspot?objectType=companies&objectId=999999");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<JsonNode>())!;
        Assert.Equal("Not found", problem["title"]!.GetValue<string>());
        Assert.Equal("No Trig data for this record yet.", problem["detail"]!.GetValue<string>());
        Assert.Equal(404, problem["status"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("/api/cards/hubspot?objectType=deals&objectId=org-0001", "objectType")]
    [InlineData("/api/cards/hubspot?objectType=companies", "objectId")]
    [InlineData("/api/cards/hubspot?objectType=companies&objectId=", "objectId")]
    public async Task HubSpotCard_BadQuery_Is400(string path, string named)
    {
        var response = await SignedGetAsync(path);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonNode>())!;
        Assert.Contains(named, problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LocalCard_ReturnsOrganisationAndPerson_And404ForUnknown()
    {
        var org = await RichOrganisationAsync();
        var card = (await Host.Client.GetFromJsonAsync<JsonNode>($"/api/cards/local/{org.Id}"))!;
        Assert.Equal(org.Get("name").AsString, card["entity"]!["name"]!.GetValue<string>());
        Assert.NotNull(card["stage"]);

        var person = (await Host.Get<ITrigStore>().LoadUnitsAsync([org.Id], null, default)).SelectMany(u => u.People).First();
        var personCard = (await Host.Client.GetFromJsonAsync<JsonNode>($"/api/cards/local/{person.Id}"))!;
        Assert.Equal("person", personCard["entity"]!["kind"]!.GetValue<string>());

        var missing = await Host.Client.GetAsync("/api/cards/local/org-9999");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
