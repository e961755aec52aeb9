using System.Globalization;
using System.Text.Json;
using Trig.Crm.HubSpot.Tests.Support;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using static Trig.Crm.Testing.Stubs.HubSpotStub;
using Trig.Crm.Testing.Stores;

namespace Trig.Crm.HubSpot.Tests;

public sealed class HubSpotCrmSourceTests : IDisposable
{
    private readonly HubSpotTestHost _host = new(
        configure: s => s["Trig:HubSpot:Mapping:companies:annualrevenue"] = "number",
        tune: o =>
        {
            o.RequestsPer10Seconds = 10_000;
            o.SearchRequestsPerSecond = 10_000;
        });

    private readonly InMemoryPullTarget _target = new();

    public void Dispose() => _host.Dispose();

    private void StubOwners() =>
        _host.Server.Given(Request.Create().WithPath("/crm/v3/owners").UsingGet())
            .RespondWith(Response.Create().WithCallback(_ => Respond(200, ListPage(
                [new { id = "77", email = "ann@example.com", firstName = "Ann", lastName = "Lee", userId = 1, type = "PERSON", archived = false, createdAt = Stamp, updatedAt = Stamp }],
                null))));

    private void StubEmptyContacts()
    {
        _host.Server.Given(Request.Create().WithPath("/crm/v3/objects/contacts").UsingGet())
            .RespondWith(Response.Create().WithCallback(_ => Respond(200, ListPage([], null))));
    }

    [Fact]
    public async Task Pull_FirstRun_PagesCompaniesToTheEndAndMapsThem()
    {
        StubOwners();
        StubEmptyContacts();
        _host.Server.Given(Request.Create().WithPath("/crm/v3/objects/companies").UsingGet())
            .RespondWith(Response.Create().WithCallback(req =>
            {
                if (Query(req, "archived") == "true")
                {
                    return Respond(200, ListPage([Record("900", new Dictionary<string, string?> { ["hs_object_id"] = "900" }, archived: true)], null));
                }

                var page = Query(req, "after") switch { null => 0, "p2" => 1, "p3" => 2, _ => -1 };
                var records = Enumerable.Range(page * 100 + 1, page == 2 ? 50 : 100).Select(i => Record(i.ToString(CultureInfo.InvariantCulture), new Dictionary<string, string?>
                {
                    ["name"] = $"Company {i}",
                    ["domain"] = i == 1 ? "" : $"c{i}.example",
                    ["annualrevenue"] = "12500.5",
                    ["hubspot_owner_id"] = i == 1 ? "77" : "",
                    ["lifecyclestage"] = "customer",
                    ["hs_lastmodifieddate"] = "2026-01-05T10:00:00.000Z",
                }));
                return Respond(200, ListPage(records, page switch { 0 => "p2", 1 => "p3", _ => null }));
            }));

        var summary = await _host.Source.PullAsync(_target, new CrmPullRequest(), CancellationToken.None);

        Assert.Equal(250, summary.Organisations);
        Assert.Equal(250, _target.Records.Count);
        Assert.Equal(3, _host.Server.LogEntries.Count(e => e.RequestMessage.Path == "/crm/v3/objects/companies" && Query(e.RequestMessage, "archived") == "false"));
        var first = _target.Records[(EntityKind.Organisation, "1")];
        Assert.Equal("Company 1", first.Attributes["name"].AsString);
        Assert.True(first.Attributes["domain"].IsNone);
        Assert.Equal(ValueKind.Number, first.Attributes["annualrevenue"].Kind);
        Assert.Equal(12500.5, first.Attributes["annualrevenue"].AsNumber);
        Assert.Equal("ann@example.com", first.OwnerEmail);
        Assert.Equal("https://app.hubspot.com/contacts/4242/record/0-2/1", first.RecordUrl);
        Assert.Contains((EntityKind.Organisation, "900"), _target.Deleted);
        Assert.True(_target.Checkpoints.ContainsKey("hubspot:companies:lastmodified"));
        var listed = _host.Server.LogEntries.First(e => e.RequestMessage.Path == "/crm/v3/objects/companies");
        Assert.Equal("100", Query(listed.RequestMessage, "limit"));
        Assert.Contains("hs_lastmodifieddate", Query(listed.RequestMessage, "properties"), StringComparison.Ordinal);
        _host.AssertRequestsConformToSpec();
    }

    [Fact]
    public async Task Pull_Contacts_TakePrimaryCompanyFromAssociationType1()
    {
        StubOwners();
        _host.Server.Given(Request.Create().WithPath("/crm/v3/objects/companies").UsingGet())
            .RespondWith(Response.Create().WithCallback(_ => Respond(200, ListPage([], null))));
        _host.Server.Given(Request.Create().WithPath("/crm/v3/objects/contacts").UsingGet())
            .RespondWith(Response.Create().WithCallback(req => Respond(200, ListPage(
                Query(req, "archived") == "true" ? [] : Enumerable.Range(1, 3).Select(i => Record($"c{i}", new Dictionary<string, string?> { ["email"] = $"p{i}@example.com" })),
                null))));
        _host.Server.Given(Request.Create().WithPath("/crm/v4/associations/contacts/companies/batch/read").UsingPost())
            .RespondWith(Response.Create().WithCallback(_ => Respond(200, Batch(
            [
                new { from = new { id = "c1" }, to = new object[]
                {
                    new { toObjectId = 501, associationTypes = new object[] { new { category = "HUBSPOT_DEFINED", typeId = 279, label = (string?)null } } },
                    new { toObjectId = 502, associationTypes = new object[] { new { category = "HUBSPOT_DEFINED", typeId = 279, label = (string?)null }, new { category = "HUBSPOT_DEFINED", typeId = 1, label = "Primary" } } },
                } },
                new { from = new { id = "c2" }, to = new object[] { new { toObjectId = 503, associationTypes = new object[] { new { category = "USER_DEFINED", typeId = 1, label = "Custom" } } } } },
            ]))));

        var summary = await _host.Source.PullAsync(_target, new CrmPullRequest(Full: true), CancellationToken.None);

        Assert.Equal(3, summary.People);
        Assert.Equal("502", _target.Records[(EntityKind.Person, "c1")].OrganisationId);
        Assert.Null(_target.Records[(EntityKind.Person, "c2")].OrganisationId);
        Assert.Equal("https://app.hubspot.com/contacts/4242/record/0-1/c1", _target.Records[(EntityKind.Person, "c1")].RecordUrl);
        _host.AssertRequestsConformToSpec();
    }

    [Fact]
    public async Task Pull_WithCheckpoint_SearchesAscendingFromIt()
    {
        _target.Checkpoints["hubspot:companies:lastmodified"] = "1767607200000";
        _target.Checkpoints["hubspot:contacts:lastmodified"] = "1767607200000";
        _host.Server.Given(Request.Create().WithPath("/crm/v3/objects/companies/search").UsingPost())
            .RespondWith(Response.Create().WithCallback(_ => Respond(200, SearchPage(
                [Record("5", new Dictionary<string, string?> { ["name"] = "Acme", ["hs_lastmodifieddate"] = "1767607300000" })], 1, null))));
        _host.Server.Given(Request.Create().WithPath("/crm/v3/objects/contacts/search").UsingPost())
            .RespondWith(Response.Create().WithCallback(_ => Respond(200, SearchPage([], 0, null))));

        var summary = await _host.Source.PullAsync(_target, new CrmPullRequest(), CancellationToken.None);

        Assert.Equal(1, summary.Organisations);
        var body = Body(_host.Server.LogEntries.First(e => e.RequestMessage.Path.EndsWith("companies/search", StringComparison.Ordinal)).RequestMessage);
        var filter = body.GetProperty("filterGroups")[0].GetProperty("filters")[0];
        Assert.Equal("hs_lastmodifieddate", filter.GetProperty("propertyName").GetString());
        Assert.Equal("GTE", filter.GetProperty("operator").GetString());
        Assert.Equal("1767607200000", filter.GetProperty("value").GetString());
        Assert.Equal("ASCENDING", body.GetProperty("sorts")[0].GetProperty("direction").GetString());
        Assert.Equal(200, body.GetProperty("limit").GetInt32());
        var contactFilter = Body(_host.Server.LogEntries.First(e => e.RequestMessage.Path.EndsWith("contacts/search", StringComparison.Ordinal)).RequestMessage)
            .GetProperty("filterGroups")[0].GetProperty("filters")[0];
        Assert.Equal("lastmodifieddate", contactFilter.GetProperty("propertyName").GetString());
        Assert.Equal("1767607300000", _target.Checkpoints["hubspot:companies:lastmodified"]);
        _host.AssertRequestsConformToSpec();
    }

    [Fact]
    public async Task Pull_SearchPastTenThousand_RestartsFromNewestTimestampWithoutSkippingOrLooping()
    {
        // 26,000 changed companies: 12,500 share one timestamp (more than a whole query), 3,000 share another.
        var data = new List<(long Id, long Ts)>();
        long id = 1000;
        for (var i = 0; i < 4_000; i++)
        {
            data.Add((id++, 1_700_000_000_000 + i));
        }

        for (var i = 0; i < 12_500; i++)
        {
            data.Add((id++, 1_700_000_100_000));
        }

        for (var i = 0; i < 3_000; i++)
        {
            data.Add((id++, 1_700_000_200_000));
        }

        for (var i = 0; i < 6_500; i++)
        {
            data.Add((id++, 1_700_000_300_000 + i));
        }

        var search = new FakeSearch(data);
        _target.Checkpoints["hubspot:companies:lastmodified"] = "1700000000000";
        _target.Checkpoints["hubspot:contacts:lastmodified"] = "1700000000000";
        _host.Server.Given(Request.Create().WithPath("/crm/v3/objects/companies/search").UsingPost())
            .RespondWith(Response.Create().WithCallback(req => search.Handle(Body(req))));
        _host.Server.Given(Request.Create().WithPath("/crm/v3/objects/contacts/search").UsingPost())
            .RespondWith(Response.Create().WithCallback(_ => Respond(200, SearchPage([], 0, null))));

        var summary = await _host.Source.PullAsync(_target, new CrmPullRequest(), CancellationToken.None);

        Assert.Equal(data.Count, _target.Records.Keys.Count(k => k.Kind == EntityKind.Organisation));
        Assert.Equal(0, search.Refused);
        Assert.True(summary.Organisations < data.Count * 1.5, $"re-read too much: {summary.Organisations}");
        Assert.True(search.Calls < 250, $"too many calls: {search.Calls}");
        Assert.Equal("1700000306499", _target.Checkpoints["hubspot:companies:lastmodified"]);
        _host.AssertRequestsConformToSpec();
    }

    [Fact]
    public async Task Pull_Only_BatchReadsThoseIdsAndDeletesTheMissing()
    {
        _host.Server.Given(Request.Create().WithPath("/crm/v3/objects/contacts/batch/read").UsingPost())
            .RespondWith(Response.Create().WithCallback(_ => Respond(207, BatchWithErrors(
                [Record("11", new Dictionary<string, string?> { ["email"] = "x@example.com", ["firstname"] = "" })],
                [StandardError("404", "OBJECT_NOT_FOUND", "Could not get some CONTACT objects, they may be deleted or not exist.", new() { ["ids"] = ["12"] })]))));
        _host.Server.Given(Request.Create().WithPath("/crm/v4/associations/contacts/companies/batch/read").UsingPost())
            .RespondWith(Response.Create().WithCallback(_ => Respond(200, Batch([]))));

        var summary = await _host.Source.PullAsync(_target, new CrmPullRequest(Only: [new CrmRecordRef(EntityKind.Person, "11"), new CrmRecordRef(EntityKind.Person, "12")]), CancellationToken.None);

        Assert.Equal(1, summary.People);
        Assert.Equal(1, summary.Deleted);
        Assert.Equal([(EntityKind.Person, "12")], _target.Deleted);
        Assert.True(_target.Records[(EntityKind.Person, "11")].Attributes["firstname"].IsNone);
        var body = Body(_host.Server.LogEntries.Single(e => e.RequestMessage.Path.EndsWith("batch/read", StringComparison.Ordinal) && e.RequestMessage.Path.Contains("v3", StringComparison.Ordinal)).RequestMessage);
        Assert.Equal(["11", "12"], body.GetProperty("inputs").EnumerateArray().Select(i => i.GetProperty("id").GetString()));
        _host.AssertRequestsConformToSpec();
    }

    /// <summary>HubSpot search over a data set: GTE/GT/EQ filters, one sort, offset paging, 400 at 10,000.</summary>
    private sealed class FakeSearch(List<(long Id, long Ts)> data)
    {
        public int Calls { get; private set; }

        public int Refused { get; private set; }

        public WireMock.IResponseMessage Handle(JsonElement body)
        {
            Calls++;
            var after = int.Parse(body.GetProperty("after").GetString()!, CultureInfo.InvariantCulture);
            var limit = body.GetProperty("limit").GetInt32();
            if (after + limit > 10_000)
            {
                Refused++;
                return RespondText(400, Error("VALIDATION_ERROR", "Paging past 10000 results is not supported."));
            }

            IEnumerable<(long Id, long Ts)> rows = data;
            foreach (var filter in body.GetProperty("filterGroups")[0].GetProperty("filters").EnumerateArray())
            {
                var value = long.Parse(filter.GetProperty("value").GetString()!, CultureInfo.InvariantCulture);
                Func<(long Id, long Ts), long> field = filter.GetProperty("propertyName").GetString() == "hs_object_id" ? r => r.Id : r => r.Ts;
                rows = filter.GetProperty("operator").GetString() switch
                {
                    "GTE" => rows.Where(r => field(r) >= value),
                    "GT" => rows.Where(r => field(r) > value),
                    "EQ" => rows.Where(r => field(r) == value),
                    var op => throw new InvalidOperationException(op),
                };
            }

            var sort = body.GetProperty("sorts")[0].GetProperty("propertyName").GetString();

            // Ties come back in an order unrelated to the id, as HubSpot gives no secondary order.
            var sorted = sort == "hs_object_id"
                ? rows.OrderBy(r => r.Id).ToList()
                : rows.OrderBy(r => r.Ts).ThenBy(r => (r.Id * 2654435761L) % 1_000_003).ToList();
            var page = sorted.Skip(after).Take(limit).Select(r => Record(r.Id.ToString(CultureInfo.InvariantCulture), new Dictionary<string, string?>
            {
                ["name"] = $"Co {r.Id}",
                ["hs_lastmodifieddate"] = DateTimeOffset.FromUnixTimeMilliseconds(r.Ts).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            })).ToList();
            var next = after + limit < sorted.Count ? (after + limit).ToString(CultureInfo.InvariantCulture) : null;
            return Respond(200, SearchPage(page, sorted.Count, next));
        }
    }
}
