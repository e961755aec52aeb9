using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Store.Insights;
using Trig.Crm.Testing.Stores;

namespace Trig.Crm.Store.Tests.Contract;

/// <summary>The insights reads: memberships and transitions by definition, members pages with attributes, signal snapshots.</summary>
public abstract class InsightsStoreContract : StoreContract
{
    private const string Everyone = """
        schema:
          organisation: { license_type: string }
        cohorts:
          - key: everyone
            entity: organisation
            criteria: [ license_type = trial ]
        """;

    [StoreFact]
    public async Task MembershipsTransitionsAndMembers_ReadWhatTheCycleCommitted()
    {
        await using var t = await NewStoreAsync();
        await t.Store.UpsertAsync(
        [
            new CrmRecord(EntityKind.Organisation, "o2", null, new Dictionary<string, AttributeValue> { ["license_type"] = AttributeValue.Of("trial"), ["region"] = AttributeValue.Of("EU") }),
            new CrmRecord(EntityKind.Organisation, "o1", null, new Dictionary<string, AttributeValue> { ["license_type"] = AttributeValue.Of("trial") }),
            new CrmRecord(EntityKind.Organisation, "o3", null, new Dictionary<string, AttributeValue> { ["license_type"] = AttributeValue.Of("trial") }),
        ], default);
        await OutboxSeed.WithCommittedActionsAsync(t, Everyone);
        var now = t.Clock.GetUtcNow();

        Assert.Equal(["o1", "o2", "o3"], await t.Store.EntityIdsAsync(EntityKind.Organisation, default));
        Assert.Equal(["o1", "o2", "o3"], (await t.Store.MembershipRowsAsync(["everyone", "nothing"], default)).Select(m => m.EntityId).Order(StringComparer.Ordinal));
        Assert.Equal(3, (await t.Store.TransitionRowsAsync(["everyone"], default)).Count);
        Assert.Equal(3, (await t.Store.TransitionRowsBetweenAsync("everyone", now, now.AddSeconds(1), default)).Count);
        Assert.Empty(await t.Store.TransitionRowsBetweenAsync("everyone", now.AddSeconds(1), now.AddDays(1), default));

        var page = await t.Store.MembersAsync("everyone", ["region"], 1, 2, default);
        Assert.Equal(3, page.Total);
        Assert.Equal(["o1", "o2"], page.Rows.Select(m => m.Id));
        Assert.Equal("EU", page.Rows[1].Attributes["region"]);
        Assert.Null(page.Rows[0].Attributes["region"]);
        Assert.Equal(["o3"], (await t.Store.MembersAsync("everyone", [], 2, 2, default)).Rows.Select(m => m.Id));
    }

    [StoreFact]
    public async Task SignalSnapshots_OnePerDay_TheLaterOneReplacesIt_ReadInDayOrder()
    {
        await using var t = await NewStoreAsync();
        var at = t.Clock.GetUtcNow();
        var day = DateOnly.FromDateTime(at.UtcDateTime);
        await t.Store.UpsertSignalSnapshotAsync(new SignalSnapshot("risk", day.AddDays(1), 4, null, ["o4"], [], at.AddDays(1)), default);
        await t.Store.UpsertSignalSnapshotAsync(new SignalSnapshot("risk", day, 2, 1200.5, ["o1", "o2"], [], at), default);
        await t.Store.UpsertSignalSnapshotAsync(new SignalSnapshot("risk", day, 3, 2400.25, ["o1", "o2", "o3"], ["o9"], at.AddHours(1)), default);

        var snapshots = await t.Open().SignalSnapshotsAsync("risk", default);

        Assert.Equal([day, day.AddDays(1)], snapshots.Select(s => s.Day));
        Assert.Equal((3, (double?)2400.25, at.AddHours(1)), (snapshots[0].Members, snapshots[0].ArrAtRisk, snapshots[0].TakenAt));
        Assert.Equal(["o1", "o2", "o3"], snapshots[0].Entered);
        Assert.Equal(["o9"], snapshots[0].Left);
        Assert.Null(snapshots[1].ArrAtRisk);
        Assert.Empty(await t.Store.SignalSnapshotsAsync("other", default));
    }
}
