using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Store.Cluster;
using Trig.Crm.Testing.Stores;

namespace Trig.Crm.Store.Tests.Contract;

/// <summary>
/// Settled units: a cycle whose basis matches the last closed cycle's loads only the due units (new data, a settled
/// time reached, never settled), and a unit loaded but not settled again stays due.
/// </summary>
public abstract class StoreSettledContract : StoreContract
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    /// <summary>Five organisations (one person each) and two people without one.</summary>
    private static async Task SeedAsync(IStoreUnderTest t)
    {
        var records = new List<CrmRecord>();
        for (var i = 1; i <= 5; i++)
        {
            records.Add(new CrmRecord(EntityKind.Organisation, $"org-{i}", null, new Dictionary<string, AttributeValue> { ["seats"] = AttributeValue.Of(i) }));
            records.Add(new CrmRecord(EntityKind.Person, $"p-{i}", $"org-{i}", new Dictionary<string, AttributeValue>()));
        }

        records.Add(new CrmRecord(EntityKind.Person, "solo-1", null, new Dictionary<string, AttributeValue>()));
        records.Add(new CrmRecord(EntityKind.Person, "solo-2", null, new Dictionary<string, AttributeValue>()));
        await t.Store.UpsertAsync(records, default);
    }

    /// <summary>
    /// Runs one cycle with <paramref name="basis"/>: every shard loaded and committed (nothing to write), the loaded
    /// units settled by <paramref name="settle"/> (null: left unsettled, as by a node that stopped), then closed.
    /// Returns whether it was only-due, the unit keys it loaded and how many shards were left to claim.
    /// </summary>
    private static async Task<(bool OnlyDue, List<string> Loaded, int Claimed)> CycleAsync(IStoreUnderTest t, string? basis, Func<string, DateTimeOffset?>? settle)
    {
        var now = t.Clock.GetUtcNow();
        var set = DefinitionLoader.Load([("d.yaml", "schema:\n  organisation: { seats: number }\n")]).Set!;
        var cycle = await t.Store.OpenCycleAsync(now, set.Version, 2, "node-a", basis, now, default);
        var loaded = new List<string>();
        var claimed = 0;
        while (await t.Store.ClaimShardAsync(cycle, "node-a", now, now + Lease, default) is { } shard)
        {
            claimed++;
            var units = await t.Store.LoadShardUnitsAsync(shard, default);
            var keys = units.Select(u => u.Organisation ?? u.People[0]).Select(e => (e.Kind, e.Id)).ToList();
            loaded.AddRange(keys.Select(k => k.Id));
            Assert.True(await t.Store.CommitShardAsync(shard, new EvaluationResult(), set, new ShardOutcome(0, 0, ""), now, default));
            if (settle is not null)
            {
                await t.Store.SettleAsync([.. keys.Select(k => new SettledUnit(k.Kind, k.Id, settle(k.Id)))], default);
            }
        }

        Assert.NotNull(await t.Store.CloseCycleAsync(cycle.Id, now, default));
        t.Clock.Advance(TimeSpan.FromMinutes(1));
        return (cycle.OnlyDue, [.. loaded.Order(StringComparer.Ordinal)], claimed);
    }

    private static readonly string[] Everyone = ["org-1", "org-2", "org-3", "org-4", "org-5", "solo-1", "solo-2"];

    [StoreFact]
    public async Task ACycleWithTheLastClosedCyclesBasis_LoadsOnlyDueUnits()
    {
        await using var t = await NewStoreAsync();
        await SeedAsync(t);
        var start = t.Clock.GetUtcNow();
        var first = await CycleAsync(t, "b1", id => id switch
        {
            "org-1" => start.AddSeconds(30), // due by the next cycle (a minute later)
            "org-2" => null,                 // nothing depends on time
            "solo-1" => start.AddMinutes(30),
            _ => start.AddDays(1),
        });
        Assert.False(first.OnlyDue);
        Assert.Equal(Everyone, first.Loaded);

        await t.Store.SetAttributesAsync([new AttributeChange(EntityKind.Person, "p-4", "seats", AttributeValue.Of(9))], default);
        await t.Store.SetAttributesAsync([new AttributeChange(EntityKind.Person, "solo-2", "seats", AttributeValue.Of(9))], default);
        var second = await CycleAsync(t, "b1", _ => start.AddDays(2));

        Assert.True(second.OnlyDue);
        Assert.Equal(["org-1", "org-4", "solo-2"], second.Loaded);
        Assert.Equal(4, first.Claimed); // organisations 1-2, 3-4 and 5, and the people without one
        Assert.Equal(2, second.Claimed); // cut over the due units alone: org-1 and org-4 (through p-4), and solo-2
        var (orgs, orphans) = await t.Store.TakeDirtyAsync(default);
        Assert.Empty(orgs); // the shards took the marks
        Assert.Empty(orphans);

        var third = await CycleAsync(t, "b2", _ => null);
        Assert.False(third.OnlyDue);
        Assert.Equal(Everyone, third.Loaded);
    }

    [StoreFact]
    public async Task AUnitLoadedButNotSettledAgain_StaysDue()
    {
        await using var t = await NewStoreAsync();
        await SeedAsync(t);
        await CycleAsync(t, "b1", _ => null);
        await t.Store.SetAttributesAsync([new AttributeChange(EntityKind.Organisation, "org-3", "seats", AttributeValue.Of(9))], default);
        await t.Store.SetAttributesAsync([new AttributeChange(EntityKind.Person, "solo-1", "seats", AttributeValue.Of(9))], default);

        var stopped = await CycleAsync(t, "b1", settle: null);
        var again = await CycleAsync(t, "b1", _ => null);
        var settled = await CycleAsync(t, "b1", _ => null);

        Assert.Equal(["org-3", "solo-1"], stopped.Loaded);
        Assert.Equal(["org-3", "solo-1"], again.Loaded); // marks taken, never settled: still due, a person without an organisation too
        Assert.Empty(settled.Loaded);
    }

    [StoreFact]
    public async Task ACycleOfEveryUnit_LeavesEachDueUntilSettledAgain()
    {
        await using var t = await NewStoreAsync();
        await SeedAsync(t);
        await CycleAsync(t, "b1", _ => null);

        var changed = await CycleAsync(t, "b2", settle: null); // definitions changed; its node stopped before settling
        var next = await CycleAsync(t, "b2", _ => null);

        Assert.Equal(Everyone, changed.Loaded);
        Assert.True(next.OnlyDue);
        Assert.Equal(Everyone, next.Loaded);
    }

    [StoreFact]
    public async Task TakingDirtyMarks_LeavesTheirUnitsDueUntilSettled()
    {
        await using var t = await NewStoreAsync();
        await SeedAsync(t);
        await CycleAsync(t, "b1", _ => null);
        await t.Store.SetAttributesAsync([new AttributeChange(EntityKind.Person, "p-5", "seats", AttributeValue.Of(9))], default);

        var (orgs, _) = await t.Store.TakeDirtyAsync(default); // the fast path took the mark, then stopped
        var next = await CycleAsync(t, "b1", _ => null);

        Assert.Equal(["org-5"], orgs);
        Assert.Equal(["org-5"], next.Loaded);
    }

    [StoreFact]
    public async Task WithoutABasis_EveryCycleLoadsEveryUnit()
    {
        await using var t = await NewStoreAsync();
        await SeedAsync(t);
        await CycleAsync(t, null, _ => null);

        var second = await CycleAsync(t, null, _ => null);

        Assert.False(second.OnlyDue);
        Assert.Equal(Everyone, second.Loaded);
    }
}
