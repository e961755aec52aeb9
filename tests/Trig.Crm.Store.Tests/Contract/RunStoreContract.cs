using Trig.Crm.Store.Runs;
using Trig.Crm.Testing.Stores;

namespace Trig.Crm.Store.Tests.Contract;

/// <summary>The run history, definition freshness, the oldest due action, and the store-wide cycle lease.</summary>
public abstract class RunStoreContract : StoreContract
{
    private static CycleRun Run(DateTimeOffset at, string outcome, string? error = null, int entities = 0) =>
        new(0, "full", at, TimeSpan.FromMilliseconds(1234), outcome, error, entities, 2, 3, 4);

    [StoreFact]
    public async Task RecordRun_NewestFirst_OnlyCompletedRunsMarkDefinitionsEvaluated()
    {
        await using var t = await NewStoreAsync();
        var t0 = t.Clock.GetUtcNow();
        await t.Store.RecordRunAsync(Run(t0, CycleRun.Ok, entities: 5), ["a", "b"], default);
        await t.Store.RecordRunAsync(Run(t0.AddMinutes(15), CycleRun.Failed, "CRM unreachable"), ["a", "b"], default);
        await t.Store.RecordRunAsync(Run(t0.AddMinutes(30), CycleRun.Ok), ["a"], default);

        var runs = await t.Open().RecentRunsAsync(10, default);
        Assert.Equal([t0.AddMinutes(30), t0.AddMinutes(15), t0], runs.Select(r => r.StartedAt));
        Assert.Equal((CycleRun.Failed, "CRM unreachable"), (runs[1].Outcome, runs[1].Error));
        Assert.Equal((5, 2, 3, 4, TimeSpan.FromMilliseconds(1234)), (runs[2].EntitiesEvaluated, runs[2].Transitions, runs[2].ActionsQueued, runs[2].PropertiesWritten, runs[2].Duration));
        Assert.Single(await t.Store.RecentRunsAsync(1, default));

        var fresh = await t.Store.FreshnessAsync(default);
        Assert.Equal(t0.AddMinutes(30), fresh["a"]);
        Assert.Equal(t0, fresh["b"]); // the failed run did not count
    }

    [StoreFact]
    public async Task RecordRun_AnOlderRunRecordedLater_DoesNotMoveFreshnessBack()
    {
        await using var t = await NewStoreAsync();
        var t0 = t.Clock.GetUtcNow();
        await t.Store.RecordRunAsync(Run(t0.AddMinutes(30), CycleRun.Ok), ["a"], default);
        await t.Store.RecordRunAsync(Run(t0, CycleRun.Ok), ["a"], default);

        Assert.Equal(t0.AddMinutes(30), (await t.Store.FreshnessAsync(default))["a"]);
    }

    [StoreFact]
    public async Task OldestDueAction_IsTheEarliestPendingRowDueNow_NoneWhenNothingIsDue()
    {
        await using var t = await OutboxSeed.WithCommittedActionsAsync(await NewStoreAsync(), """
            behaviours:
              - key: everyone
                on_entry: [ { slack: { channel: "C1", text: "hi" } } ]
            """);
        var now = t.Clock.GetUtcNow();

        Assert.Equal(now, await t.Store.OldestDueActionAsync(now.AddMinutes(20), default));
        Assert.Null(await t.Store.OldestDueActionAsync(now.AddMinutes(-1), default));
    }

    [StoreFact]
    public async Task CycleLease_HeldByOne_IsRefusedToAnother_UntilItExpiresOrIsReleased()
    {
        await using var t = await NewStoreAsync();
        var other = t.Open();
        var now = t.Clock.GetUtcNow();

        Assert.Null(await t.Store.TryTakeCycleLeaseAsync("node-a", now, now.AddMinutes(5), default));
        var refused = await other.TryTakeCycleLeaseAsync("node-b", now.AddMinutes(1), now.AddMinutes(6), default);
        Assert.Equal("held by node-a until 2026-11-01T09:05:00Z", refused);
        Assert.Null(await t.Store.TryTakeCycleLeaseAsync("node-a", now.AddMinutes(1), now.AddMinutes(6), default)); // renewed

        Assert.NotNull(await other.TryTakeCycleLeaseAsync("node-b", now.AddMinutes(5), now.AddMinutes(10), default));
        Assert.Null(await other.TryTakeCycleLeaseAsync("node-b", now.AddMinutes(7), now.AddMinutes(12), default)); // expired: taken over

        await t.Store.ReleaseCycleLeaseAsync("node-a", default); // not node-a's any more: stays node-b's
        Assert.NotNull(await t.Store.TryTakeCycleLeaseAsync("node-a", now.AddMinutes(8), now.AddMinutes(13), default));
        await other.ReleaseCycleLeaseAsync("node-b", default);
        Assert.Null(await t.Store.TryTakeCycleLeaseAsync("node-a", now.AddMinutes(8), now.AddMinutes(13), default));
    }

    [StoreFact]
    public async Task CycleLease_FourStoresAtOnce_OnlyOneTakesIt()
    {
        await using var t = await NewStoreAsync();
        var now = t.Clock.GetUtcNow();
        var nodes = Enumerable.Range(0, 4).Select(_ => t.Open()).ToList();

        var answers = await Task.WhenAll(nodes.Select((n, i) => Task.Run(() => n.TryTakeCycleLeaseAsync($"node-{i}", now, now.AddMinutes(5), default))));

        Assert.Single(answers, a => a is null);
    }
}
