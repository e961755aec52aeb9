using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Store.Cluster;
using Trig.Crm.Store.Sqlite;
using Trig.Crm.Testing.Stores;

namespace Trig.Crm.Store.Tests.Contract;

/// <summary>The cluster status read: the open cycle's shards per state and owner, and the closed cycles.</summary>
public abstract class ClusterStatusContract : StoreContract
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    private static DefinitionSet Set()
    {
        var result = DefinitionLoader.Load([("defs.yaml", """
            schema:
              organisation: { seats: number }
            behaviours:
              - key: big_account
                audience: [ seats >= 10 ]
            """)]);
        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Diagnostics));
        return result.Set!;
    }

    /// <summary>Seven organisations: shards of two make four.</summary>
    private static Task SeedAsync(IStoreUnderTest t) => t.Store.UpsertAsync(
        Enumerable.Range(1, 7).Select(i => new CrmRecord(EntityKind.Organisation, $"org-{i}", null, new Dictionary<string, AttributeValue> { ["seats"] = AttributeValue.Of(20d) })).ToList(),
        default);

    private static ClusterStatusQuery At(DateTimeOffset now, int recent = 5) => new("trig", now, TimeSpan.FromSeconds(60), recent);

    [StoreFact]
    public async Task Status_CountsTheOpenCyclesShardsByStateAndOwner_AndListsItOnceClosed()
    {
        await using var t = await NewStoreAsync();
        await SeedAsync(t);
        var set = Set();
        var opened = t.Clock.GetUtcNow();
        var cycle = await t.Store.OpenCycleAsync(opened.AddMinutes(-1), set.Version, 2, "node-a", null, opened, default);
        Assert.Equal(4, cycle.Shards);

        // A holds shard 0 for two minutes, B commits shard 1, C's one-minute lease on shard 2 lapses, shard 3 is never claimed.
        var a = await t.Store.ClaimShardAsync(cycle, "node-a", opened, opened + Lease, default);
        var b = await t.Open().ClaimShardAsync(cycle, "node-b", opened, opened + Lease, default);
        Assert.True(await t.Store.CommitShardAsync(b!, new EvaluationResult(), set, new ShardOutcome(2, 3, "1"), opened, default));
        var c = await t.Open().ClaimShardAsync(cycle, "node-c", opened, opened + TimeSpan.FromMinutes(1), default);
        Assert.Equal((0, 1, 2), (a!.Shard, b!.Shard, c!.Shard));

        var status = await t.Store.ReadClusterStatusAsync(At(opened.AddSeconds(90)), default);

        Assert.Equal(t.Store is SqliteStore, status.SchedulerInMemory);
        Assert.Empty(status.Nodes);
        var open = Assert.IsType<OpenCycleStatus>(status.Open);
        Assert.Equal((cycle.Id, opened.AddMinutes(-1), set.Version, "node-a", opened, false), (open.Id, open.AsOf, open.DefinitionsVersion, open.OpenedBy, open.OpenedAt, open.OnlyDue));
        Assert.Equal((4, 1, 1, 2), (open.Shards, open.Done, open.Claimed, open.Unclaimed));
        Assert.Equal(
            [new ShardOwnerStatus("node-a", 0, 1, 0), new ShardOwnerStatus("node-b", 1, 0, 2), new ShardOwnerStatus("node-c", 0, 0, 0)],
            open.Owners);
        Assert.Empty(status.Recent);

        // Before C's lease ran out its shard counts as claimed.
        Assert.Equal((2, 1), (await t.Store.ReadClusterStatusAsync(At(opened.AddSeconds(30)), default)).Open is { } early ? (early.Claimed, early.Unclaimed) : (-1, -1));

        var closedAt = await FinishAsync(t, cycle, set, opened.AddMinutes(5));
        var after = await t.Store.ReadClusterStatusAsync(At(closedAt), default);

        Assert.Null(after.Open);
        var closed = Assert.Single(after.Recent);
        Assert.Equal((cycle.Id, opened.AddMinutes(-1), "node-a", opened, closedAt, 4), (closed.Id, closed.AsOf, closed.OpenedBy, closed.OpenedAt, closed.ClosedAt, closed.Shards));
        Assert.Equal((2L + 3 * 5, 3L + 3 * 1), (closed.Entities, closed.Actions)); // B's shard, then three shards of 5 entities and 1 action each
    }

    [StoreFact]
    public async Task Status_ListsTheLastClosedCyclesNewestFirst_UpToTheLimit()
    {
        await using var t = await NewStoreAsync();
        await SeedAsync(t);
        var set = Set();
        var ids = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            var now = t.Clock.GetUtcNow();
            var cycle = await t.Store.OpenCycleAsync(now, set.Version, 4, $"node-{i}", null, now, default);
            ids.Add(cycle.Id);
            await FinishAsync(t, cycle, set, now.AddMinutes(1));
            t.Clock.Advance(TimeSpan.FromHours(1));
        }

        var status = await t.Store.ReadClusterStatusAsync(At(t.Clock.GetUtcNow(), recent: 2), default);

        Assert.Null(status.Open);
        Assert.Equal([(ids[2], "node-2"), (ids[1], "node-1")], status.Recent.Select(c => (c.Id, c.OpenedBy)));
    }

    /// <summary>Node B takes and commits every shard left (5 entities, 1 action each), then the cycle is closed at <paramref name="at"/>.</summary>
    private static async Task<DateTimeOffset> FinishAsync(IStoreUnderTest t, ClusterCycle cycle, DefinitionSet set, DateTimeOffset at)
    {
        while (await t.Store.ClaimShardAsync(cycle, "node-b", at, at + Lease, default) is { } shard)
        {
            Assert.True(await t.Store.CommitShardAsync(shard, new EvaluationResult(), set, new ShardOutcome(5, 1, "0"), at, default));
        }

        Assert.NotNull(await t.Store.CloseCycleAsync(cycle.Id, at, default));
        return at;
    }
}
