using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Store.Ingest;
using Trig.Crm.Testing.Stores;

namespace Trig.Crm.Store.Tests.Contract;

public abstract class IngestStoreContract : StoreContract, IAsyncLifetime
{
    private IStoreUnderTest _t = null!;
    private ITrigStore _store = null!;

    public async Task InitializeAsync()
    {
        _t = await NewStoreAsync();
        _store = _t.Store;
        await _store.UpsertAsync(
        [
            new CrmRecord(EntityKind.Organisation, "o1", null, new Dictionary<string, AttributeValue>()),
            new CrmRecord(EntityKind.Person, "p1", "o1", new Dictionary<string, AttributeValue>()),
            new CrmRecord(EntityKind.Person, "p2", null, new Dictionary<string, AttributeValue>()),
        ], default);
        await _store.TakeDirtyAsync(default);
    }

    public async Task DisposeAsync() => await _t.DisposeAsync();

    private static IngestMessage Track(string id, string user, string ev = "login") =>
        new(IngestType.Track, id, user, null, null, ev, null, null, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);

    [StoreFact]
    public async Task Ingest_PersonInOrganisation_MarksTheOrganisationUnitDirty()
    {
        await _store.IngestAsync([Track("m1", "p1"), Track("m2", "p2")], new IngestIdentity(), default);

        var (orgs, orphans) = await _store.TakeDirtyAsync(default);

        Assert.Equal(["o1"], orgs);
        Assert.Equal(["p2"], orphans);
    }

    [StoreFact]
    public async Task Ingest_OnlyDuplicates_MarksNothingDirty()
    {
        await _store.IngestAsync([Track("m1", "p1")], new IngestIdentity(), default);
        await _store.TakeDirtyAsync(default);

        var r = await _store.IngestAsync([Track("m1", "p1")], new IngestIdentity(), default);

        Assert.Equal(new IngestResult(0, 1, 0, 0), r);
        var (orgs, orphans) = await _store.TakeDirtyAsync(default);
        Assert.Empty(orgs);
        Assert.Empty(orphans);
    }

    [StoreFact]
    public async Task ResolvePending_StillUnknown_KeepsTheMessage()
    {
        await _store.IngestAsync([Track("m1", "ghost")], new IngestIdentity(), default);

        Assert.Equal(0, await _store.ResolvePendingAsync(new IngestIdentity(), default));
        Assert.Equal(1, await _store.CountPendingAsync(default));
        var unit = await _store.LoadUnitOfAsync(EntityKind.Person, "ghost", default);
        Assert.Null(unit);
    }

    [StoreFact]
    public async Task ResolvePending_LatePersonBehind21000UnrelatedPendingIds_IsLinkedAndMarkedForEvaluation()
    {
        var identity = new IngestIdentity();
        await _store.IngestAsync([.. Enumerable.Range(0, 21_000).Select(i => Track($"ghost-m{i}", $"ghost-{i}"))], identity, default);
        await _store.IngestAsync([Track("late-m1", "late-person", "project_created")], identity, default);
        await _store.UpsertAsync([new CrmRecord(EntityKind.Person, "late-person", "o1", new Dictionary<string, AttributeValue>())], default);
        await _store.TakeDirtyAsync(default); // what is dirty below, the linking made dirty

        Assert.Equal(1, await _store.ResolvePendingAsync(identity, default));

        Assert.Equal(21_000, await _store.CountPendingAsync(default));
        var late = (await _store.LoadUnitOfAsync(EntityKind.Person, "late-person", default))!.Value.Entity;
        Assert.Equal(1, late.Events.CountBetween("project_created", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddDays(1)));
        var (orgs, _) = await _store.TakeDirtyAsync(default);
        Assert.Equal(["o1"], orgs);
    }

    [StoreFact]
    public async Task ResolvePending_IdentityKeyInTraits_LinksTheIdentifyOnceARecordHasThatKey()
    {
        var identity = new IngestIdentity(PersonKey: "email");
        var traits = new Dictionary<string, AttributeValue> { ["email"] = AttributeValue.Of("Zoe@Example.com"), ["plan"] = AttributeValue.Of("pro") };
        await _store.IngestAsync([.. Enumerable.Range(0, 100).Select(i => Track($"ghost-m{i}", $"ghost-{i}"))], identity, default);
        await _store.IngestAsync([Identify("id-1", "app-user-9", null, traits)], identity, default);
        await _store.UpsertAsync([new CrmRecord(EntityKind.Person, "crm-zoe", "o1", new Dictionary<string, AttributeValue> { ["email"] = AttributeValue.Of("zoe@example.com") })], default);

        Assert.Equal(1, await _store.ResolvePendingAsync(identity, default));

        var zoe = await _store.LoadEntityAsync(EntityKind.Person, "crm-zoe", default);
        Assert.Equal("pro", zoe!.Get("plan").AsString);
    }

    private static IngestMessage Identify(string id, string? user, string? anonymous, Dictionary<string, AttributeValue> traits) =>
        new(IngestType.Identify, id, user, anonymous, null, null, traits, null, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);

    [StoreFact]
    public async Task Ingest_OneBatch_AppliesTraitsAndEvents_CountsRepeatsInTheBatch_AndKeepsTheUnknown()
    {
        var r = await _store.IngestAsync(
        [
            Identify("i1", "p1", null, new() { ["plan"] = AttributeValue.Of("Pro"), ["seats"] = AttributeValue.Of(3d) }),
            Identify("i2", "p1", null, new() { ["seats"] = AttributeValue.Of(4d) }),
            Identify("i2", "p1", null, new() { ["seats"] = AttributeValue.Of(99d) }),
            Track("m1", "p1"),
            Track("m1", "p1"),
            Track("m2", "ghost"),
            Track("m2", "ghost"),
        ], new IngestIdentity(), default);

        Assert.Equal(new IngestResult(Applied: 3, Duplicates: 3, Pending: 1, Events: 1), r);
        var p1 = (await _store.LoadUnitOfAsync(EntityKind.Person, "p1", default))!.Value.Entity;
        Assert.Equal("Pro", p1.Get("plan").AsString);
        Assert.Equal(4d, p1.Get("seats").AsNumber);
        Assert.Equal(1, p1.Events.CountBetween("login", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddDays(1)));
        Assert.Equal(1, await _store.CountPendingAsync(default));
    }

    [StoreFact]
    public async Task ResolvePending_AfterTheCrmRecordArrives_AppliesTheEventOnce()
    {
        await _store.IngestAsync([Track("m1", "late")], new IngestIdentity(), default);
        await _store.UpsertAsync([new CrmRecord(EntityKind.Person, "late", "o1", new Dictionary<string, AttributeValue>())], default);
        await _store.TakeDirtyAsync(default);

        Assert.Equal(1, await _store.ResolvePendingAsync(new IngestIdentity(), default));
        Assert.Equal(0, await _store.ResolvePendingAsync(new IngestIdentity(), default));

        Assert.Equal(0, await _store.CountPendingAsync(default));
        var late = (await _store.LoadUnitOfAsync(EntityKind.Person, "late", default))!.Value.Entity;
        Assert.Equal(1, late.Events.CountBetween("login", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddDays(1)));
        Assert.Equal(["o1"], (await _store.TakeDirtyAsync(default)).Organisations);
    }

    [StoreFact]
    public async Task Identify_WithAnonymousId_AdoptsItsPendingMessages_ByEmailKeyCaseInsensitively()
    {
        await _store.UpsertAsync([new CrmRecord(EntityKind.Person, "crm-7", "o1", new Dictionary<string, AttributeValue> { ["email"] = AttributeValue.Of("Ann@Example.com") })], default);
        var identity = new IngestIdentity(PersonKey: "email");
        var anonymous = new IngestMessage(IngestType.Track, "m1", null, "anon-1", null, "login", null, null, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);
        await _store.IngestAsync([anonymous], identity, default);

        var r = await _store.IngestAsync([Identify("i1", "user-7", "anon-1", new() { ["email"] = AttributeValue.Of("ann@example.com") })], identity, default);

        Assert.Equal(1, r.Applied);
        Assert.Equal(1, await _store.ResolvePendingAsync(identity, default));
        var person = (await _store.LoadUnitOfAsync(EntityKind.Person, "crm-7", default))!.Value.Entity;
        Assert.Equal(1, person.Events.CountBetween("login", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddDays(1)));
        // Later calls with only the user id find the record through the recorded identity.
        await _store.IngestAsync([Track("m2", "user-7")], identity, default);
        person = (await _store.LoadUnitOfAsync(EntityKind.Person, "crm-7", default))!.Value.Entity;
        Assert.Equal(2, person.Events.CountBetween("login", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddDays(1)));
    }

    [StoreFact]
    public async Task Track_WithAnotherGroup_CopiesTheEventToThatOrganisation()
    {
        await _store.UpsertAsync([new CrmRecord(EntityKind.Organisation, "o2", null, new Dictionary<string, AttributeValue>())], default);
        var m = new IngestMessage(IngestType.Track, "m1", "p1", null, "o2", "login", null, null, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);

        var r = await _store.IngestAsync([m], new IngestIdentity(), default);

        Assert.Equal(2, r.Events);
        var o2 = (await _store.LoadUnitOfAsync(EntityKind.Organisation, "o2", default))!.Value.Entity;
        Assert.Equal(1, o2.Events.CountBetween("login", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddDays(1)));
    }
}
