using Trig.Crm.HubSpot.Tests.Support;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using static Trig.Crm.Testing.Stubs.HubSpotStub;

namespace Trig.Crm.HubSpot.Tests;

/// <summary>Reading Trig's properties back from HubSpot (after a crash mid-push): batch/read by type, 100 ids per call.</summary>
public sealed class HubSpotMetadataReadBackTests : IDisposable
{
    private readonly HubSpotTestHost _host = new(tune: o => o.RequestsPer10Seconds = 10_000);

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task Read_AsksForThePrefixedProperties_100IdsPerCall_AndMapsValuesBack_LeavingOutRecordsHubSpotLacks()
    {
        _host.Server.Given(Request.Create().WithPath("/crm/v3/objects/companies/batch/read").UsingPost())
            .RespondWith(Response.Create().WithCallback(req =>
            {
                var ids = Body(req).GetProperty("inputs").EnumerateArray().Select(i => i.GetProperty("id").GetString()!).Where(id => id != "c-gone");
                return Respond(200, Batch(ids.Select(id => Record(id, new Dictionary<string, string?> { ["trig_current_stage"] = "trial", ["hs_object_id"] = id }))));
            }));
        _host.Server.Given(Request.Create().WithPath("/crm/v3/objects/contacts/batch/read").UsingPost())
            .RespondWith(Response.Create().WithCallback(_ => Respond(200, Batch([Record("p1", new Dictionary<string, string?> { ["trig_cohorts"] = "" })]))));
        List<MetadataChange> wanted =
        [
            .. Enumerable.Range(0, 150).Select(i => new MetadataChange(EntityKind.Organisation, $"c{i}", "current_stage", "anything")),
            new(EntityKind.Organisation, "c-gone", "current_stage", "trial"),
            new(EntityKind.Person, "p1", "cohorts", null),
        ];

        var held = await ((ICrmMetadataReader)_host.Sink).ReadAsync(wanted, CancellationToken.None);

        Assert.Equal(151, held.Count);
        Assert.All(held.Where(h => h.Kind == EntityKind.Organisation), h => Assert.Equal("trial", h.Value));
        Assert.DoesNotContain(held, h => h.EntityId == "c-gone");
        Assert.Equal("", Assert.Single(held, h => h.Kind == EntityKind.Person).Value);
        var reads = _host.Server.LogEntries.Where(e => e.RequestMessage.Path.EndsWith("/companies/batch/read", StringComparison.Ordinal)).ToList();
        Assert.Equal([51, 100], reads.Select(r => Body(r.RequestMessage).GetProperty("inputs").GetArrayLength()).Order());
        Assert.All(reads, r => Assert.Equal(["trig_current_stage"], Body(r.RequestMessage).GetProperty("properties").EnumerateArray().Select(p => p.GetString())));
    }
}
