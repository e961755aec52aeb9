using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Testing.Stores;

namespace Trig.Crm.Store.Tests.Contract;

/// <summary>All-or-nothing writes: an import across files, and a webhook delivery with its refresh queue.</summary>
public abstract class StoreAtomicityContract : StoreContract
{
    private static List<CrmRecord> Organisations(int n) =>
        [.. Enumerable.Range(1, n).Select(i => new CrmRecord(EntityKind.Organisation, $"org-{i}", null, new Dictionary<string, AttributeValue> { ["seats"] = AttributeValue.Of((double)i) }))];

    private static List<EventRecord> Logins(DateTimeOffset at, int n) =>
        [.. Enumerable.Range(1, n).Select(i => new EventRecord(EntityKind.Organisation, $"org-{i}", "login", at, at, $"csv:login:{i}", null))];

    private static List<DeliveredEvent> Events(int n) =>
        [.. Enumerable.Range(1, n).Select(i => new DeliveredEvent($"ev-{i}", new CrmRecordRef(EntityKind.Organisation, $"org-{i}"), IsDeletion: false))];

    [StoreFact]
    public async Task Import_FailsAfterSomeChunksWereWritten_LeavesNothing_AndTheRerunWritesEverything()
    {
        await using var t = await NewStoreAsync();
        var at = t.Clock.GetUtcNow();
        t.InjectImportFault(written =>
        {
            if (written > 6000)
            {
                throw new IOException("simulated crash in the middle of the import");
            }
        });

        await Assert.ThrowsAsync<IOException>(() => t.Store.ImportAsync(Organisations(10_000), Logins(at, 10_000), null, default));

        Assert.Empty(await t.Store.EntityIdsAsync(EntityKind.Organisation, default));
        Assert.Empty(await t.Store.ObservedAttributesAsync(1, default));
        Assert.Empty(await t.Store.ObservedEventsAsync(default));

        t.InjectImportFault(null);
        var written = new List<int>();
        var added = await t.Store.ImportAsync(Organisations(10_000), Logins(at, 10_000), new SyncProgress(written), default);

        Assert.Equal(10_000, added);
        Assert.Equal(10_000, (await t.Store.EntityIdsAsync(EntityKind.Organisation, default)).Count);
        Assert.Equal([("login", 10_000L)], await t.Store.ObservedEventsAsync(default));
        Assert.Equal(20_000, written[^1]);
    }

    [StoreFact]
    public async Task RecordDelivery_FailureBetweenIdsAndRefreshes_LeavesNeitherAndTheRetryQueuesEverything()
    {
        await using var t = await NewStoreAsync();
        t.InjectDeliveryFault(() => throw new InvalidOperationException("simulated crash after the ids were written"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => t.Store.RecordDeliveryAsync("hubspot", Events(500), t.Clock.GetUtcNow(), default));

        Assert.Empty(await t.Store.TakeRefreshAsync(1000, default));

        t.InjectDeliveryFault(null);
        var retry = await t.Store.RecordDeliveryAsync("hubspot", Events(500), t.Clock.GetUtcNow(), default);

        // No id was kept by the failed attempt: none of them counts as a duplicate now.
        Assert.Equal(new DeliveryIntake(Duplicates: 0, Queued: 500, Deleted: 0), retry);
        Assert.Equal(500, (await t.Store.TakeRefreshAsync(1000, default)).Count);
    }

    [StoreFact]
    public async Task RecordDelivery_Replayed_CountsDuplicatesAndQueuesNothingAgain()
    {
        await using var t = await NewStoreAsync();
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

    [StoreFact]
    public async Task RecordDelivery_TheSameIdTwiceInOneDelivery_QueuesItOnce()
    {
        await using var t = await NewStoreAsync();
        List<DeliveredEvent> events = [.. Events(2), .. Events(1)];

        var intake = await t.Store.RecordDeliveryAsync("hubspot", events, t.Clock.GetUtcNow(), default);

        Assert.Equal(new DeliveryIntake(1, 2, 0), intake);
        Assert.Equal(2, (await t.Store.TakeRefreshAsync(1000, default)).Count);
    }

    private sealed class SyncProgress(List<int> into) : IProgress<int>
    {
        public void Report(int value) => into.Add(value);
    }
}
