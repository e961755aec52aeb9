using Microsoft.Extensions.DependencyInjection;
using Trig.Crm.HubSpot.Http;
using Trig.Crm.HubSpot.Tests.Support;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Store.Pacing;
using Trig.Crm.Testing.Stores;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using Trig.Crm.Testing.Stubs;
using static Trig.Crm.Testing.Stubs.HubSpotStub;

namespace Trig.Crm.HubSpot.Tests.Http;

/// <summary>Two processes ("nodes") pushing to one HubSpot account keep to its budget together through the store.</summary>
public sealed class HubSpotSharedBudgetTests
{
    private static List<MetadataChange> Changes(int records) =>
        [.. Enumerable.Range(1, records).Select(i => new MetadataChange(EntityKind.Organisation, i.ToString(System.Globalization.CultureInfo.InvariantCulture), "current_stage", "x"))];

    [Fact]
    public async Task TwoSinksSharingOneStore_UnderTheAccountsRollingLimit_Never429()
    {
        // HubSpot's 100 per 10 s, scaled down to 20 per second so the test takes seconds: the account's limit is
        // one rolling window both WireMock servers count in, as HubSpot counts every app call of one account.
        const int Budget = 20;
        var window = TimeSpan.FromSeconds(1);
        await using var store = await TempStore.CreateAsync();
        var limit = new RollingWindowLimit(Budget, window);
        HubSpotTestHost Node(ICrmRequestBudget budget)
        {
            var host = new HubSpotTestHost(tune: o => { o.RequestsPer10Seconds = Budget; o.PacingWindow = window; }, budget: budget);
            host.Server.Given(Request.Create().WithPath("/crm/v3/objects/companies/batch/update").UsingPost())
                .RespondWith(Response.Create().WithCallback(_ => limit.Admit()
                    ? Respond(200, Batch([]))
                    : RespondText(429, RateLimitBody("TEN_SECONDLY_ROLLING"), ("Retry-After", "1"))));
            return host;
        }

        using var a = Node(new StoreRequestBudget(store.Store));
        using var b = Node(new StoreRequestBudget(store.Reopen()));

        var results = await Task.WhenAll(a.Sink.PushAsync(Changes(1_500), CancellationToken.None), b.Sink.PushAsync(Changes(1_500), CancellationToken.None));

        Assert.NotNull(a.Services.GetRequiredService<HubSpotRateLimiter>().Shared);
        Assert.Equal(0, limit.Refused);
        Assert.All(results, r => Assert.Equal(1_500, r.Written.Count));
        Assert.Equal(15, a.Count("POST", "/batch/update"));
        Assert.Equal(15, b.Count("POST", "/batch/update"));
    }

    [Fact]
    public void SharedOff_ThePacerKeepsToItsOwnBudgetOnly()
    {
        using var store = new TempStore();
        using var host = new HubSpotTestHost(configure: s => s["Trig:Pacing:Shared"] = "false", budget: new StoreRequestBudget(store.Store));

        Assert.Null(host.Services.GetRequiredService<HubSpotRateLimiter>().Shared);
    }
}
