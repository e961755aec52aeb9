using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Store;
using Trig.Crm.Worker.Tests.Support;

namespace Trig.Crm.Worker.Tests.Endpoints;

/// <summary>A stored ARR of 1e400 (infinity) on an organisation with an active signal: its card renders the ARR as no value.</summary>
public sealed class CardNonFiniteTests(DemoWebHostFixture fixture) : IClassFixture<DemoWebHostFixture>
{
    private TrigWebHost Host => fixture.Host;

    [Fact]
    public async Task SignedCard_InfiniteArr_Is200_WithTheArrAsNull()
    {
        var store = Host.Get<ITrigStore>();
        var org = (await store.LoadUnitsAsync(null, null, default)).Select(u => u.Organisation).OfType<EntityState>().First();
        if (!(org.Memberships.TryGetValue("slow_onboarding", out var existing) && existing.IsActive))
        {
            // Put the organisation in the signal the way a cycle would: a committed active membership.
            var result = new EvaluationResult();
            result.Memberships.Add((org, new Membership("slow_onboarding") { Status = MembershipStatus.Active, EnteredAt = Host.Time.GetUtcNow(), Detail = "first_login" }));
            await store.CommitAsync(result, Host.Get<Trig.Crm.Engine.Definitions.DefinitionCatalog>().Current!, null, default);
        }

        var attributes = new Dictionary<string, AttributeValue>(org.Attributes, StringComparer.Ordinal) { ["arr"] = AttributeValue.Of(double.Parse("1e400", System.Globalization.CultureInfo.InvariantCulture)) };
        await store.UpsertAsync([new CrmRecord(EntityKind.Organisation, org.Id, null, attributes) { OwnerEmail = org.OwnerEmail, RecordUrl = org.RecordUrl }], default);

        var path = $"/api/cards/hubspot?objectType=companies&objectId={org.Id}";
        var response = await Host.Client.SendAsync(HubSpotSigning.Signed(HttpMethod.Get, Host.BaseUrl + path, null, Host.Time.GetUtcNow(), requestUri: path));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var signal = (await response.Content.ReadFromJsonAsync<JsonNode>())!["signal"]!;
        Assert.Equal("slow_onboarding", signal["key"]!.GetValue<string>());
        Assert.Null(signal["arr"]);
        Assert.Null(signal["arrAtRisk"]);
    }
}
