using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Store.Cluster;
using Trig.Crm.Testing.Stores;

namespace Trig.Crm.Store.Tests.Contract;

/// <summary>The sharded full cycle: shards cover every unit once, leases, one commit per shard, closing, benchmarks.</summary>
public abstract class StoreClusterContract : StoreContract
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    private const string Yaml = """
        schema:
          organisation: { plan: string, seats: number, projects_created: number }
        behaviours:
          - key: big_account
            audience: [ seats >= 10 ]
            completion: [ plan = Enterprise ]
            on_entry:
              - slack: { channel: "#cs", text: "{name} is big" }
        stages:
          - key: onboarding
            audience: [ seats >= 1 ]
            exit: { after: 60d }
            objectives:
              - { key: first_project, completion: [ projects_created >= 1 ] }
        """;

    private static DefinitionSet Set()
    {
        var result = DefinitionLoader.Load([("defs.yaml", Yaml)]);
        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Diagnostics));
        return result.Set!;
    }

    /// <summary>Seven organisations (two people each), two people without one and one whose organisation is unknown.</summary>
    private static async Task SeedAsync(IStoreUnderTest t)
    {
        var records = new List<CrmRecord>();
        for (var i = 1; i <= 7; i++)
        {
            records.Add(new CrmRecord(EntityKind.Organisation, $"org-{i}", null, new Dictionary<string, AttributeValue> { ["seats"] = AttributeValue.Of(20d) }));
            records.Add(new CrmRecord(EntityKind.Person, $"p-{i}-a", $"org-{i}", new Dictionary<string, AttributeValue>()));
            records.Add(new CrmRecord(EntityKind.Person, $"p-{i}-b", $"org-{i}", new Dictionary<string, AttributeValue>()));
        }

        records.Add(new CrmRecord(EntityKind.Person, "solo-1", null, new Dictionary<string, AttributeValue>()));
        records.Add(new CrmRecord(EntityKind.Person, "solo-2", null, new Dictionary<string, AttributeValue>()));
        records.Add(new CrmRecord(EntityKind.Person, "lost-1", "org-gone", new Dictionary<string, AttributeValue>()));
        await t.Store.UpsertAsync(records, default);
    }

    private static Task<ClusterCycle> OpenAsync(IStoreUnderTest t, DefinitionSet set, int shardSize) =>
        t.Store.OpenCycleAsync(t.Clock.GetUtcNow(), set.Version, shardSize, "node-a", null, t.Clock.GetUtcNow(), default);

    private static async Task<EvaluationResult> EvaluateAsync(IStoreUnderTest t, DefinitionSet set, ShardClaim shard)
    {
        var runtime = await t.Store.SyncDefinitionsAsync(set, shard.Cycle.AsOf, default);
        var units = await t.Store.LoadShardUnitsAsync(shard, default);
        return Evaluator.EvaluateAll(new EvaluationInput(set, runtime, new Dictionary<(string, string), Benchmark>(), shard.Cycle.AsOf), units);
    }

    private static ShardOutcome Outcome(EvaluationResult r) => new(r.EntitiesEvaluated, r.Actions.Count, r.Transitions.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));

    [StoreFact]
    public async Task Shards_CoverEveryUnitOnce_AndMatchTheWholeStoreLoad()
    {
        await using var t = await NewStoreAsync();
        await SeedAsync(t);
        var cycle = await OpenAsync(t, Set(), shardSize: 3);

        Assert.Equal(4, cycle.Shards); // organisations 3 + 3 + 1, and one shard of the three people without a known organisation
        var seen = new List<string>();
        var now = t.Clock.GetUtcNow();
        while (await t.Store.ClaimShardAsync(cycle, "node-a", now, now + Lease, default) is { } shard)
        {
            var units = await t.Store.LoadShardUnitsAsync(shard, default);
            Assert.InRange(units.Count, 1, 3);
            seen.AddRange(units.SelectMany(u => u.Entities).Select(e => $"{e.Kind}:{e.Id}:{e.OrganisationId}"));
            Assert.True(await t.Store.CommitShardAsync(shard, new EvaluationResult(), Set(), new ShardOutcome(0, 0, ""), now, default));
        }

        var whole = (await t.Store.LoadUnitsAsync(null, null, default)).SelectMany(u => u.Entities).Select(e => $"{e.Kind}:{e.Id}:{e.OrganisationId}");
        Assert.Equal(whole.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
        Assert.Equal(24, seen.Count);
    }

    [StoreFact]
    public async Task OpenCycle_WhileOneIsOpen_ReturnsThatOne()
    {
        await using var t = await NewStoreAsync();
        await SeedAsync(t);
        var first = await OpenAsync(t, Set(), shardSize: 3);
        t.Clock.Advance(TimeSpan.FromMinutes(5));

        var second = await t.Open().OpenCycleAsync(t.Clock.GetUtcNow(), "other", 100, "node-b", null, t.Clock.GetUtcNow(), default);

        Assert.Equal(first, second);
        Assert.Equal(first, await t.Store.GetOpenCycleAsync(default));
    }

    [StoreFact]
    public async Task Claim_SkipsHeldShards_AndTakesOneWhoseLeaseRanOut()
    {
        await using var t = await NewStoreAsync();
        await SeedAsync(t);
        var cycle = await OpenAsync(t, Set(), shardSize: 3);
        var other = t.Open();
        var now = t.Clock.GetUtcNow();

        var a = await t.Store.ClaimShardAsync(cycle, "node-a", now, now + Lease, default);
        var b = await other.ClaimShardAsync(cycle, "node-b", now, now + Lease, default);
        Assert.Equal((0, 1), (a!.Shard, b!.Shard));

        var later = now + Lease + TimeSpan.FromSeconds(1);
        var c = await other.ClaimShardAsync(cycle, "node-c", later, later + Lease, default);

        Assert.Equal(0, c!.Shard); // node-a's and node-b's leases both ran out; the lowest shard goes first
        Assert.Equal("node-c", c.Owner);
    }

    [StoreFact]
    public async Task CommitShard_ByANodeThatLostItsLease_WritesNothing_AndTheShardIsCommittedOnce()
    {
        await using var t = await NewStoreAsync();
        await SeedAsync(t);
        var set = Set();
        var cycle = await OpenAsync(t, set, shardSize: 100);
        var other = t.Open();
        var now = t.Clock.GetUtcNow();
        var slow = (await t.Store.ClaimShardAsync(cycle, "node-a", now, now + Lease, default))!;
        var slowResult = await EvaluateAsync(t, set, slow);
        var later = now + Lease + TimeSpan.FromSeconds(1);
        var taker = (await other.ClaimShardAsync(cycle, "node-b", later, later + Lease, default))!;
        Assert.Equal(slow.Shard, taker.Shard);
        var takerResult = await EvaluateAsync(t, set, taker);

        Assert.False(await t.Store.CommitShardAsync(slow, slowResult, set, Outcome(slowResult), later, default));
        Assert.Empty(await other.TransitionsForAsync(EntityKind.Organisation, "org-1", 10, default));
        Assert.True(await other.CommitShardAsync(taker, takerResult, set, Outcome(takerResult), later, default));
        Assert.False(await t.Store.CommitShardAsync(slow, slowResult, set, Outcome(slowResult), later, default));
        Assert.False(await other.CommitShardAsync(taker, takerResult, set, Outcome(takerResult), later, default));

        Assert.NotEmpty(takerResult.Transitions);
        Assert.Equal(takerResult.Transitions.Count(x => x.EntityId == "org-1"), (await other.TransitionsForAsync(EntityKind.Organisation, "org-1", 10, default)).Count);
        Assert.Equal(7, (await other.CountByStatusAsync(default))["pending"]); // one Slack message per organisation, once
    }

    [StoreFact]
    public async Task CloseCycle_OnlyWhenEveryShardIsDone_OnceWithEachOutcome_AndRecordsTheLastCycle()
    {
        await using var t = await NewStoreAsync();
        await SeedAsync(t);
        var set = Set();
        var asOf = t.Clock.GetUtcNow();
        var cycle = await OpenAsync(t, set, shardSize: 4);
        t.Clock.Advance(TimeSpan.FromMinutes(1));
        var now = t.Clock.GetUtcNow();
        var first = (await t.Store.ClaimShardAsync(cycle, "node-a", now, now + Lease, default))!;
        Assert.True(await t.Store.CommitShardAsync(first, new EvaluationResult(), set, new ShardOutcome(5, 1, "first"), now, default));

        Assert.Null(await t.Store.CloseCycleAsync(cycle.Id, now, default));
        Assert.Null(await t.Store.GetLastCycleAsync(default));

        while (await t.Store.ClaimShardAsync(cycle, "node-a", now, now + Lease, default) is { } shard)
        {
            Assert.True(await t.Store.CommitShardAsync(shard, new EvaluationResult(), set, new ShardOutcome(2, 0, $"shard {shard.Shard}"), now, default));
        }

        var outcomes = await t.Open().CloseCycleAsync(cycle.Id, now, default);
        Assert.Equal(["first", "shard 1", "shard 2"], outcomes!.Select(o => o.Transitions));
        Assert.Equal(9, outcomes!.Sum(o => o.Entities));
        Assert.Null(await t.Store.CloseCycleAsync(cycle.Id, now, default));
        Assert.Null(await t.Store.GetOpenCycleAsync(default));
        Assert.Equal(asOf, await t.Store.GetLastCycleAsync(default));
        var next = await OpenAsync(t, set, shardSize: 4);
        Assert.NotEqual(cycle.Id, next.Id);
    }

    [StoreFact]
    public async Task ComputeBenchmarks_EqualsTheCalculatorOverEveryOrganisation()
    {
        await using var t = await NewStoreAsync();
        await SeedAsync(t);
        var set = Set();
        await CommitWholeAsync(t, set); // every organisation enters onboarding
        foreach (var (org, days) in new[] { ("org-1", 2), ("org-2", 3), ("org-3", 7) })
        {
            t.Clock.Advance(TimeSpan.FromDays(days));
            await t.Store.UpsertAsync([new CrmRecord(EntityKind.Organisation, org, null, new Dictionary<string, AttributeValue> { ["projects_created"] = AttributeValue.Of(1d) })], default);
            await CommitWholeAsync(t, set);
        }

        var units = await t.Store.LoadUnitsAsync(null, null, default);
        var expected = BenchmarkCalculator.Compute(set, units.Select(u => u.Organisation).OfType<EntityState>());

        var actual = await t.Store.ComputeBenchmarksAsync([("onboarding", "first_project")], default);

        var b = Assert.Single(actual).Value;
        Assert.Equal(3, b.Completions);
        Assert.Equal(expected[("onboarding", "first_project")].Completions, b.Completions);
        Assert.Equal(expected[("onboarding", "first_project")].Mean.TotalSeconds, b.Mean.TotalSeconds, 3);
        Assert.Equal(TimeSpan.FromDays(19d / 3).TotalSeconds, b.Mean.TotalSeconds, 3); // completed 2, 5 and 12 days after entry
    }

    [StoreFact]
    public async Task ComputeBenchmarks_KeepsTheAggregateUntilATransitionOrARemoval()
    {
        await using var t = await NewStoreAsync();
        await SeedAsync(t);
        var set = Set();
        await CommitWholeAsync(t, set);
        foreach (var (org, days) in new[] { ("org-1", 2), ("org-2", 3) })
        {
            t.Clock.Advance(TimeSpan.FromDays(days));
            await t.Store.UpsertAsync([new CrmRecord(EntityKind.Organisation, org, null, new Dictionary<string, AttributeValue> { ["projects_created"] = AttributeValue.Of(1d) })], default);
            await CommitWholeAsync(t, set);
        }

        (string, string)[] pair = [("onboarding", "first_project")];
        var first = Assert.Single(await t.Store.ComputeBenchmarksAsync(pair, default)).Value;
        Assert.Equal(TimeSpan.FromDays(7d / 2), first.Mean); // completed 2 and 5 days after entry
        Assert.Equal((2, first.Mean.TotalSeconds), Saved(await t.Store.LoadBenchmarksAsync(default))); // saved for the shard runners

        // A change no transition records is not seen: the kept aggregate answers, not the join.
        await t.ExecuteAsync("UPDATE memberships SET entered_at = entered_at - 86400000 WHERE definition_key = 'onboarding' AND entity_id = 'org-1'");
        Assert.Equal(first, Assert.Single(await t.Store.ComputeBenchmarksAsync(pair, default)).Value);

        // An objective's completion is a transition: the aggregate is computed again and sees both changes.
        t.Clock.Advance(TimeSpan.FromDays(7));
        await t.Store.UpsertAsync([new CrmRecord(EntityKind.Organisation, "org-3", null, new Dictionary<string, AttributeValue> { ["projects_created"] = AttributeValue.Of(1d) })], default);
        await CommitWholeAsync(t, set);
        var second = Assert.Single(await t.Store.ComputeBenchmarksAsync(pair, default)).Value;
        Assert.Equal(3, second.Completions);
        Assert.Equal(TimeSpan.FromDays((3d + 5 + 12) / 3), second.Mean);

        // Removing an organisation takes its memberships: computed again without it (org-1's 3 days).
        await t.Store.DeleteAsync(EntityKind.Organisation, ["org-1"], default);
        var third = Assert.Single(await t.Store.ComputeBenchmarksAsync(pair, default)).Value;
        Assert.Equal(2, third.Completions);
        Assert.Equal(TimeSpan.FromDays((5d + 12) / 2), third.Mean);
        Assert.Equal((2, third.Mean.TotalSeconds), Saved(await t.Store.LoadBenchmarksAsync(default)));

        // Other objectives asked for are a different aggregate, never the kept one.
        Assert.Empty(await t.Store.ComputeBenchmarksAsync([("onboarding", "no_such_objective")], default));
        Assert.Empty(await t.Store.LoadBenchmarksAsync(default));

        static (int, double) Saved(Dictionary<(string Stage, string Objective), Benchmark> saved) =>
            saved.TryGetValue(("onboarding", "first_project"), out var b) ? (b.Completions, Math.Round(b.Mean.TotalSeconds, 3)) : (0, 0);
    }

    private static async Task CommitWholeAsync(IStoreUnderTest t, DefinitionSet set)
    {
        var now = t.Clock.GetUtcNow();
        var runtime = await t.Store.SyncDefinitionsAsync(set, now, default);
        var units = await t.Store.LoadUnitsAsync(null, null, default);
        var result = Evaluator.EvaluateAll(new EvaluationInput(set, runtime, new Dictionary<(string, string), Benchmark>(), now), units);
        await t.Store.CommitAsync(result, set, now, default);
    }
}
