using System.Text.Json;
using Trig.Crm.HubSpot.Tests.Support;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using static Trig.Crm.Testing.Stubs.HubSpotStub;

namespace Trig.Crm.HubSpot.Tests;

public sealed class HubSpotMetadataSinkTests : IDisposable
{
    private readonly HubSpotTestHost _host = new(tune: o => o.RequestsPer10Seconds = 10_000);

    public void Dispose() => _host.Dispose();

    private static MetadataChange Change(string id, string name, string? value, EntityKind kind = EntityKind.Organisation) => new(kind, id, name, value);

    private static string TraceOf(JsonElement body, string id) =>
        body.GetProperty("inputs").EnumerateArray().Single(i => i.GetProperty("id").GetString() == id).GetProperty("objectWriteTraceId").GetString()!;

    [Fact]
    public async Task Push_207_CountsSuccessesMatchesFailuresByTraceIdAndDropsDeletedRecords()
    {
        _host.Server.Given(Request.Create().WithPath("/crm/v3/objects/companies/batch/update").UsingPost())
            .RespondWith(Response.Create().WithCallback(req =>
            {
                var body = Body(req);
                return Respond(207, BatchWithErrors(
                    [Record("1", new Dictionary<string, string?>()), Record("2", new Dictionary<string, string?>())],
                    [
                        StandardError("404", "OBJECT_NOT_FOUND", "Object not found. objectId are usually numeric.", new() { ["ids"] = ["3"] }),
                        StandardError("400", "VALIDATION_ERROR", "Property values were not valid", new() { ["objectWriteTraceId"] = [TraceOf(body, "4")] }),
                        StandardError("429", "RATE_LIMITS", $"Too many updates for {TraceOf(body, "5")}", []),
                    ]));
            }));
        var changes = new List<MetadataChange>
        {
            Change("1", "currently_member_of_onboarding", "true"),
            Change("1", "last_entered_onboarding", "2026-01-31T09:00:00.000Z"),
            Change("2", "current_stage", null),
            Change("3", "current_stage", "onboarding"),
            Change("4", "current_stage", "onboarding"),
            Change("5", "current_stage", "onboarding"),
        };

        var result = await _host.Sink.PushAsync(changes, CancellationToken.None);

        Assert.Equal(1, result.Requests);
        Assert.Equal([changes[0], changes[1], changes[2]], result.Written);
        Assert.Equal([changes[3]], result.Dropped);
        var permanent = Assert.Single(result.Failed, f => !f.Transient);
        Assert.Equal(changes[4], permanent.Change);
        Assert.Contains("VALIDATION_ERROR", permanent.Reason, StringComparison.Ordinal);
        var transient = Assert.Single(result.Failed, f => f.Transient);
        Assert.Equal(changes[5], transient.Change);

        var sent = Body(_host.Server.LogEntries.Single().RequestMessage).GetProperty("inputs");
        Assert.Equal(5, sent.GetArrayLength());
        var first = sent.EnumerateArray().Single(i => i.GetProperty("id").GetString() == "1").GetProperty("properties");
        Assert.Equal("true", first.GetProperty("trig_currently_member_of_onboarding").GetString());
        Assert.Equal("2026-01-31T09:00:00.000Z", first.GetProperty("trig_last_entered_onboarding").GetString());
        Assert.Equal("", sent.EnumerateArray().Single(i => i.GetProperty("id").GetString() == "2").GetProperty("properties").GetProperty("trig_current_stage").GetString());
        _host.AssertRequestsConformToSpec();
    }

    [Fact]
    public async Task Push_SameChanges_CarrySameTraceIds()
    {
        _host.Server.Given(Request.Create().WithPath("/crm/v3/objects/contacts/batch/update").UsingPost())
            .RespondWith(Response.Create().WithCallback(_ => Respond(200, Batch([]))));
        MetadataChange[] changes = [Change("9", "current_stage", "a", EntityKind.Person), Change("10", "current_stage", "b", EntityKind.Person)];

        await _host.Sink.PushAsync(changes, CancellationToken.None);
        await _host.Sink.PushAsync(changes, CancellationToken.None);

        var traces = _host.Server.LogEntries.Select(e => TraceOf(Body(e.RequestMessage), "9")).ToList();
        Assert.Equal(2, traces.Count);
        Assert.Equal(traces[0], traces[1]);
        Assert.NotEqual(traces[0], TraceOf(Body(_host.Server.LogEntries[0].RequestMessage), "10"));
        _host.AssertRequestsConformToSpec();
    }

    [Fact]
    public async Task Push_NoChanges_SendsNoRequest()
    {
        var result = await _host.Sink.PushAsync([], CancellationToken.None);

        Assert.Equal(0, result.Requests);
        Assert.Empty(_host.Server.LogEntries);
    }

    [Fact]
    public async Task Push_ManyRecords_AtMost100InputsPerCallPerObjectType()
    {
        _host.Server.Given(Request.Create().WithPath("/crm/v3/objects/*/batch/update").UsingPost())
            .RespondWith(Response.Create().WithCallback(_ => Respond(200, Batch([]))));
        var changes = Enumerable.Range(1, 250).SelectMany(i => new[] { Change($"{i}", "current_stage", "x"), Change($"{i}", "last_entered_x", "2026-01-01T00:00:00.000Z") })
            .Append(Change("p1", "current_stage", "y", EntityKind.Person))
            .ToList();

        var result = await _host.Sink.PushAsync(changes, CancellationToken.None);

        Assert.Equal(4, result.Requests);
        Assert.Equal(changes.Count, result.Written.Count);
        var sizes = _host.Server.LogEntries.Where(e => e.RequestMessage.Path.Contains("companies", StringComparison.Ordinal))
            .Select(e => Body(e.RequestMessage).GetProperty("inputs").GetArrayLength()).Order().ToList();
        Assert.Equal([50, 100, 100], sizes);
        Assert.Equal(1, _host.Count("POST", "/contacts/batch/update"));
        _host.AssertRequestsConformToSpec();
    }

    [Fact]
    public async Task Provision_ReadsFirstCreatesGroupAndOnlyMissingProperties()
    {
        _host.Server.Given(Request.Create().WithPath("/crm/v3/properties/companies/groups").UsingGet())
            .RespondWith(Response.Create().WithCallback(_ => Respond(200, new { results = new[] { new { name = "companyinformation", label = "Company information", displayOrder = 0, archived = false } } })));
        _host.Server.Given(Request.Create().WithPath("/crm/v3/properties/companies/groups").UsingPost())
            .RespondWith(Response.Create().WithCallback(_ => Respond(201, new { name = "trig", label = "Trig", displayOrder = -1, archived = false })));
        _host.Server.Given(Request.Create().WithPath("/crm/v3/properties/companies").UsingGet())
            .RespondWith(Response.Create().WithCallback(_ => Respond(200, new
            {
                results = new[] { new { name = "trig_currently_member_of_onboarding", label = "x", type = "bool", fieldType = "booleancheckbox", groupName = "trig", description = "", options = Array.Empty<object>() } },
            })));
        _host.Server.Given(Request.Create().WithPath("/crm/v3/properties/companies/batch/create").UsingPost())
            .RespondWith(Response.Create().WithCallback(_ => Respond(201, Batch([]))));
        var longKey = new string('k', 120);
        MetadataProperty[] wanted =
        [
            new(EntityKind.Organisation, "currently_member_of_onboarding", MetadataType.Bool, "In onboarding"),
            new(EntityKind.Organisation, "last_entered_onboarding", MetadataType.DateTime, "Entered onboarding"),
            new(EntityKind.Organisation, "current_stage", MetadataType.String, "Current stage"),
            new(EntityKind.Organisation, "currently_member_of_" + longKey, MetadataType.Bool, "Long"),
        ];

        var result = await _host.Sink.ProvisionAsync(wanted, CancellationToken.None);

        Assert.Equal(["trig_currently_member_of_onboarding"], result.Existing);
        Assert.Equal(3, result.Created.Count);
        Assert.Equal(1, _host.Count("POST", "/groups"));
        var inputs = Body(_host.Server.LogEntries.Single(e => e.RequestMessage.Path.EndsWith("batch/create", StringComparison.Ordinal)).RequestMessage)
            .GetProperty("inputs").EnumerateArray().ToList();
        Assert.Equal(3, inputs.Count);
        var datetime = inputs.Single(i => i.GetProperty("name").GetString() == "trig_last_entered_onboarding");
        Assert.Equal(("datetime", "date", "trig"), (datetime.GetProperty("type").GetString(), datetime.GetProperty("fieldType").GetString(), datetime.GetProperty("groupName").GetString()));
        var longBool = inputs.Single(i => i.GetProperty("label").GetString() == "Long");
        Assert.True(longBool.GetProperty("name").GetString()!.Length <= 100);
        Assert.Equal(("bool", "booleancheckbox"), (longBool.GetProperty("type").GetString(), longBool.GetProperty("fieldType").GetString()));
        Assert.Equal(["true", "false"], longBool.GetProperty("options").EnumerateArray().Select(o => o.GetProperty("value").GetString()));
        Assert.Equal(("string", "text"), (inputs.Single(i => i.GetProperty("name").GetString() == "trig_current_stage").GetProperty("type").GetString(), inputs.Single(i => i.GetProperty("name").GetString() == "trig_current_stage").GetProperty("fieldType").GetString()));
        Assert.DoesNotContain(_host.Server.LogEntries, e => e.RequestMessage.Method is "PATCH" or "DELETE");
        _host.AssertRequestsConformToSpec();
    }

    [Fact]
    public async Task Provision_Conflict_TreatedAsAlreadyThere()
    {
        _host.Server.Given(Request.Create().WithPath("/crm/v3/properties/contacts/groups").UsingGet())
            .RespondWith(Response.Create().WithCallback(_ => Respond(200, new { results = new[] { new { name = "trig", label = "Trig", displayOrder = -1, archived = false } } })));
        _host.Server.Given(Request.Create().WithPath("/crm/v3/properties/contacts").UsingGet())
            .RespondWith(Response.Create().WithCallback(_ => Respond(200, new { results = Array.Empty<object>() })));
        _host.Server.Given(Request.Create().WithPath("/crm/v3/properties/contacts/batch/create").UsingPost())
            .RespondWith(Response.Create().WithCallback(_ => RespondText(409, Error("CONFLICT", "A property named 'trig_current_stage' already exists."))));
        _host.Server.Given(Request.Create().WithPath("/crm/v3/properties/contacts").UsingPost())
            .RespondWith(Response.Create().WithCallback(req => Body(req).GetProperty("name").GetString() == "trig_current_stage"
                ? RespondText(409, Error("CONFLICT", "A property named 'trig_current_stage' already exists."))
                : Respond(201, new { name = Body(req).GetProperty("name").GetString(), label = "x", type = "bool", fieldType = "booleancheckbox", groupName = "trig", description = "", options = Array.Empty<object>() })));

        var result = await _host.Sink.ProvisionAsync(
            [new(EntityKind.Person, "current_stage", MetadataType.String, "Stage"), new(EntityKind.Person, "currently_member_of_x", MetadataType.Bool, "In x")],
            CancellationToken.None);

        Assert.Equal(["trig_current_stage"], result.Existing);
        Assert.Equal(["trig_currently_member_of_x"], result.Created);
        Assert.Equal(0, _host.Count("POST", "/groups"));
        _host.AssertRequestsConformToSpec();
    }
}
