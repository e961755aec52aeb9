using Microsoft.Data.Sqlite;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Testing.Stores;

namespace Trig.Crm.Store.Tests.Sqlite;

public sealed class SqliteStoreDeliveryTests
{
    private static List<DeliveredEvent> Events(int n) =>
        [.. Enumerable.Range(1, n).Select(i => new DeliveredEvent($"ev-{i}", new CrmRecordRef(EntityKind.Organisation, $"org-{i}"), IsDeletion: false))];

    [Fact]
    public async Task RecordDelivery_FailureBetweenIdsAndRefreshes_LeavesNeitherAndTheRetryQueuesEverything()
    {
        await using var t = await TempStore.CreateAsync("delivery");
        t.Store.DeliveryFaultInjector = () => throw new InvalidOperationException("simulated crash after the ids were written");

        await Assert.ThrowsAsync<InvalidOperationException>(() => t.Store.RecordDeliveryAsync("hubspot", Events(500), t.Clock.GetUtcNow(), default));

        Assert.Equal(0, Count(t, "deliveries"));
        Assert.Equal(0, Count(t, "refresh_queue"));

        t.Store.DeliveryFaultInjector = null;
        var retry = await t.Store.RecordDeliveryAsync("hubspot", Events(500), t.Clock.GetUtcNow(), default);

        Assert.Equal(new DeliveryIntake(Duplicates: 0, Queued: 500, Deleted: 0), retry);
        Assert.Equal(500, Count(t, "deliveries"));
        Assert.Equal(500, (await t.Store.TakeRefreshAsync(1000, default)).Count);
    }

    [Fact]
    public async Task RecordDelivery_Replayed_CountsDuplicatesAndQueuesNothingAgain()
    {
        await using var t = await TempStore.CreateAsync("delivery");
        await t.Store.UpsertAsync([new CrmRecord(EntityKind.Organisation, "org-gone", null, new Dictionary<string, AttributeValue>())], default);
        List<DeliveredEvent> events = [.. Events(3), new DeliveredEvent("ev-del", new CrmRecordRef(EntityKind.Organisation, "org-gone"), IsDeletion: true)];

        var first = await t.Store.RecordDeliveryAsync("hubspot", events, t.Clock.GetUtcNow(), default);
        await t.Store.TakeRefreshAsync(1000, default);
        var replay = await t.Store.RecordDeliveryAsync("hubspot", events, t.Clock.GetUtcNow(), default);

        Assert.Equal(new DeliveryIntake(0, 3, 1), first);
        Assert.Null(await t.Store.LoadEntityAsync(EntityKind.Organisation, "org-gone", default));
        Assert.Equal(new DeliveryIntake(4, 0, 0), replay);
        Assert.Empty(await t.Store.TakeRefreshAsync(1000, default));
    }

    private static long Count(TempStore t, string table)
    {
        using var c = new SqliteConnection($"Data Source={t.DbPath};Pooling=False");
        c.Open();
        using var q = c.CreateCommand();
        q.CommandText = $"SELECT COUNT(*) FROM {table}";
        return (long)q.ExecuteScalar()!;
    }
}
