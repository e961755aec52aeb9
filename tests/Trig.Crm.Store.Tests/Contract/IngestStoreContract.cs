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
}
