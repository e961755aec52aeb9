using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Testing.Stores;

namespace Trig.Crm.Store.Tests.Contract;

/// <summary>The metadata push journal: a push is journaled until its outcome is recorded; what a crash leaves is read back.</summary>
public abstract class StorePushJournalContract : StoreContract
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    [StoreFact]
    public async Task Journal_EndedPushesVanish_UnendedOnesAreUnfinished_PerProvider_NewestValueLast()
    {
        await using var t = await NewStoreAsync();
        var store = t.Store;
        var ended = await store.BeginPushAsync("hubspot", [new(EntityKind.Organisation, "o1", "current_stage", "trial")], Now, default);
        var crashed = await store.BeginPushAsync("hubspot", [
            new(EntityKind.Organisation, "o1", "current_stage", "onboarding"),
            new(EntityKind.Person, "p1", "cohorts", null),
        ], Now, default);
        var later = await store.BeginPushAsync("hubspot", [new(EntityKind.Organisation, "o1", "current_stage", "active")], Now.AddSeconds(1), default);
        await store.BeginPushAsync("dynamics", [new(EntityKind.Organisation, "o2", "current_stage", "x")], Now, default);
        await store.EndPushAsync(ended, default);

        var unfinished = await t.Open().LoadUnfinishedPushesAsync("hubspot", Now.AddDays(-1), default);

        Assert.NotEqual(crashed, later);
        Assert.Equal(2, unfinished.Count);
        Assert.Equal("active", unfinished[(EntityKind.Organisation, "o1", "current_stage")]);
        Assert.True(unfinished.TryGetValue((EntityKind.Person, "p1", "cohorts"), out var cleared));
        Assert.Null(cleared);
    }

    [StoreFact]
    public async Task Journal_RowsOlderThanTheExpiry_AreDropped()
    {
        await using var t = await NewStoreAsync();
        await t.Store.BeginPushAsync("hubspot", [new(EntityKind.Organisation, "o1", "current_stage", "trial")], Now.AddDays(-2), default);
        await t.Store.BeginPushAsync("hubspot", [new(EntityKind.Organisation, "o2", "current_stage", "trial")], Now, default);

        var unfinished = await t.Store.LoadUnfinishedPushesAsync("hubspot", Now.AddDays(-1), default);

        Assert.Equal([(EntityKind.Organisation, "o2", "current_stage")], unfinished.Keys);
        Assert.Equal([(EntityKind.Organisation, "o2", "current_stage")], (await t.Store.LoadUnfinishedPushesAsync("hubspot", Now.AddDays(-3), default)).Keys);
    }
}
