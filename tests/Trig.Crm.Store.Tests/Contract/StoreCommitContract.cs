using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Testing.Stores;

namespace Trig.Crm.Store.Tests.Contract;

public abstract class StoreCommitContract : StoreContract
{
    private const string Yaml = """
        schema:
          organisation: { plan: string, seats: number }
        behaviours:
          - key: big_account
            audience: [ seats >= 10 ]
            completion: [ plan = Enterprise ]
            on_entry:
              - slack: { channel: "#cs", text: "{name} is big" }
              - webhook: { url: "https://hooks.example.com/x", attributes: [plan] }
        """;

    private static DefinitionSet Set() => DefinitionLoader.Load([("defs.yaml", Yaml)]).Set!;

    private static async Task<EvaluationResult> EvaluateAsync(IStoreUnderTest t, DefinitionSet set)
    {
        var now = t.Clock.GetUtcNow();
        var runtime = await t.Store.SyncDefinitionsAsync(set, now, default);
        var units = await t.Store.LoadUnitsAsync(null, null, default);
        return Evaluator.EvaluateAll(new EvaluationInput(set, runtime, new Dictionary<(string, string), Benchmark>(), now), units);
    }

    private static async Task SeedAsync(IStoreUnderTest t, int organisations)
    {
        var records = Enumerable.Range(1, organisations).Select(i => new CrmRecord(EntityKind.Organisation, $"org-{i}", null,
            new Dictionary<string, AttributeValue> { ["seats"] = AttributeValue.Of(20d), ["plan"] = AttributeValue.Of("Starter") })).ToList();
        await t.Store.UpsertAsync(records, default);
    }

    [StoreFact]
    public async Task Commit_WritesTransitionsMembershipsAndOutboxTogether()
    {
        await using var t = await NewStoreAsync();
        await SeedAsync(t, 3);
        var set = Set();
        var result = await EvaluateAsync(t, set);

        await t.Store.CommitAsync(result, set, t.Clock.GetUtcNow(), default);

        Assert.Equal(3, result.Transitions.Count);
        var reopened = t.Open();
        var counts = await reopened.CountByStatusAsync(default);
        Assert.Equal(6, counts["pending"]);
        var units = await reopened.LoadUnitsAsync(null, null, default);
        Assert.All(units, u => Assert.True(u.Organisation!.Memberships["big_account"].IsActive));
        Assert.Single(await reopened.TransitionsForAsync(EntityKind.Organisation, "org-2", 10, default));
        Assert.Equal(t.Clock.GetUtcNow(), await reopened.GetLastCycleAsync(default));
    }

    [StoreFact]
    public async Task Commit_CrashMidTransaction_LeavesNoHalfWrittenTransition()
    {
        await using var t = await NewStoreAsync();
        await SeedAsync(t, 50);
        var set = Set();
        var result = await EvaluateAsync(t, set);
        Assert.Equal(50, result.Transitions.Count);

        // Die after 70 rows: transitions are written, memberships partly, outbox not at all.
        t.InjectCommitFault(n =>
        {
            if (n == 70)
            {
                throw new IOException("simulated crash");
            }
        });
        await Assert.ThrowsAsync<IOException>(() => t.Store.CommitAsync(result, set, t.Clock.GetUtcNow(), default));

        // A fresh store on the same file (a restarted process) sees nothing of that commit.
        var reopened = t.Open();
        Assert.Empty(await reopened.TransitionsForAsync(EntityKind.Organisation, "org-1", 10, default));
        Assert.Empty(await reopened.CountByStatusAsync(default));
        var units = await reopened.LoadUnitsAsync(null, null, default);
        Assert.All(units, u => Assert.Empty(u.Organisation!.Memberships));
        Assert.Null(await reopened.GetLastCycleAsync(default));

        // The next evaluation redoes the same transitions, once.
        var again = await EvaluateAsync(t, set);
        await reopened.CommitAsync(again, set, t.Clock.GetUtcNow(), default);
        Assert.Single(await reopened.TransitionsForAsync(EntityKind.Organisation, "org-1", 10, default));
        Assert.Equal(100, (await reopened.CountByStatusAsync(default))["pending"]);
    }

    [StoreFact]
    public async Task Commit_OutboxKeysAreDeterministicAndUnique()
    {
        await using var t = await NewStoreAsync();
        await SeedAsync(t, 2);
        var set = Set();
        await t.Store.CommitAsync(await EvaluateAsync(t, set), set, null, default);

        var claimed = await t.Store.ClaimDueAsync(10, t.Clock.GetUtcNow(), TimeSpan.FromMinutes(1), default);

        Assert.Equal(4, claimed.Count);
        Assert.Equal(4, claimed.Select(c => c.IdempotencyKey).Distinct().Count());
        var transitionId = (await t.Store.TransitionsForAsync(EntityKind.Organisation, "org-1", 1, default))[0].Id;
        Assert.Contains($"big_account:org:org-1:{transitionId}:0:-1", claimed.Select(c => c.IdempotencyKey));
        Assert.Contains($"big_account:org:org-1:{transitionId}:1:-1", claimed.Select(c => c.IdempotencyKey));
    }

    [StoreFact]
    public async Task Commit_LeavesTheEvaluationResultAsItWasHanded()
    {
        await using var t = await NewStoreAsync();
        await SeedAsync(t, 2);
        var set = Set();
        var result = await EvaluateAsync(t, set);
        Assert.All(result.Memberships, m => Assert.True(m.Membership.Changed));

        await t.Store.CommitAsync(result, set, null, default);

        // The store writes what it is given; it does not reset the evaluator's bookkeeping on the caller's objects.
        Assert.Equal(2, result.Memberships.Count);
        Assert.All(result.Memberships, m => Assert.True(m.Membership.Changed));
    }
}
