using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Store.Ingest;
using Trig.Crm.Store.Sqlite;

namespace Trig.Crm.Store.Tests.Sqlite;

public sealed class SqliteIngestStoreTests : IAsyncLifetime
{
    private readonly string _db = Path.Combine(Path.GetTempPath(), "trig-ingest-store-" + Guid.NewGuid().ToString("N")[..12] + ".db");
    private SqliteStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = new SqliteStore($"Data Source={_db}");
        await _store.MigrateAsync(default);
        await _store.UpsertAsync(
        [
            new CrmRecord(EntityKind.Organisation, "o1", null, new Dictionary<string, AttributeValue>()),
            new CrmRecord(EntityKind.Person, "p1", "o1", new Dictionary<string, AttributeValue>()),
            new CrmRecord(EntityKind.Person, "p2", null, new Dictionary<string, AttributeValue>()),
        ], default);
        await _store.TakeDirtyAsync(default);
    }

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(_db);
        return Task.CompletedTask;
    }

    private static IngestMessage Track(string id, string user, string ev = "login") =>
        new(IngestType.Track, id, user, null, null, ev, null, null, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);

    [Fact]
    public async Task Ingest_PersonInOrganisation_MarksTheOrganisationUnitDirty()
    {
        await _store.IngestAsync([Track("m1", "p1"), Track("m2", "p2")], new IngestIdentity(), default);

        var (orgs, orphans) = await _store.TakeDirtyAsync(default);

        Assert.Equal(["o1"], orgs);
        Assert.Equal(["p2"], orphans);
    }

    [Fact]
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

    [Fact]
    public async Task ResolvePending_LatePersonBehind21000UnrelatedPendingIds_IsLinkedAndMarkedForEvaluation()
    {
        var identity = new IngestIdentity();
        await _store.IngestAsync([.. Enumerable.Range(0, 21_000).Select(i => Track($"ghost-m{i}", $"ghost-{i}"))], identity, default);
        await _store.IngestAsync([Track("late-m1", "late-person", "project_created")], identity, default);
        await _store.UpsertAsync([new CrmRecord(EntityKind.Person, "late-person", "o1", new Dictionary<string, AttributeValue>())], default);
        await _store.TakeDirtyAsync(default); // what is dirty below, the linking made dirty

        Assert.Equal(1, await _store.ResolvePendingAsync(identity, default));

        Assert.Equal(21_000, await _store.CountPendingAsync(default));
        Assert.Equal(["late-person project_created"], Events("late-m1"));
        var (orgs, _) = await _store.TakeDirtyAsync(default);
        Assert.Equal(["o1"], orgs);
    }

    [Fact]
    public async Task ResolvePending_IdentityKeyInTraits_LinksTheIdentifyOnceARecordHasThatKey()
    {
        var identity = new IngestIdentity(PersonKey: "email");
        var traits = new Dictionary<string, AttributeValue> { ["email"] = AttributeValue.Of("Zoe@Example.com"), ["plan"] = AttributeValue.Of("pro") };
        await _store.IngestAsync([.. Enumerable.Range(0, 100).Select(i => Track($"ghost-m{i}", $"ghost-{i}"))], identity, default);
        await _store.IngestAsync([new(IngestType.Identify, "id-1", "app-user-9", null, null, null, traits, null, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch)], identity, default);
        await _store.UpsertAsync([new CrmRecord(EntityKind.Person, "crm-zoe", "o1", new Dictionary<string, AttributeValue> { ["email"] = AttributeValue.Of("zoe@example.com") })], default);

        Assert.Equal(1, await _store.ResolvePendingAsync(identity, default));

        var zoe = await _store.LoadEntityAsync(EntityKind.Person, "crm-zoe", default);
        Assert.Equal("pro", zoe!.Get("plan").AsString);
    }

    private List<string> Events(string messageId)
    {
        using var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_db};Pooling=False");
        c.Open();
        using var q = c.CreateCommand();
        q.CommandText = "SELECT entity_id || ' ' || name FROM events WHERE message_id = $m";
        q.Parameters.AddWithValue("$m", messageId);
        using var r = q.ExecuteReader();
        var list = new List<string>();
        while (r.Read())
        {
            list.Add(r.GetString(0));
        }

        return list;
    }

    [Fact]
    public async Task ResolvePending_StillUnknown_KeepsTheMessage()
    {
        await _store.IngestAsync([Track("m1", "ghost")], new IngestIdentity(), default);

        Assert.Equal(0, await _store.ResolvePendingAsync(new IngestIdentity(), default));
        Assert.Equal(1, await _store.CountPendingAsync(default));
        var unit = await _store.LoadUnitOfAsync(EntityKind.Person, "ghost", default);
        Assert.Null(unit);
    }
}
