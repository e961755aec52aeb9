using Trig.Crm.Lifecycle.Evaluation;

namespace Trig.Crm.Lifecycle.Tests.Evaluation;

/// <summary>
/// A pass over many units runs in chunks on several threads; its result must be the one a single thread gives, in
/// unit order, with every list made at its final size (a shard's lists are large arrays, freed only by a full
/// collection: no room left over, no list grown part after part).
/// </summary>
public sealed class ParallelPassTests
{
    private const string Definitions = """
        cohorts:
          - key: power_accounts
            entity: organisation
            criteria: [ seats >= 10 ]
            on_entry: [ { slack: { channel: "#wins", text: "{name} is a power account" } } ]
          - key: admins
            entity: person
            criteria: [ is_admin = true ]
        """;

    [Fact]
    public void ManyChunks_OnSeveralThreads_GiveTheSingleThreadResultInUnitOrder_AtExactSize()
    {
        var h = new LifecycleHarness(Definitions);
        h.GoLive("power_accounts", h.Now.AddDays(-1));
        h.GoLive("admins", h.Now.AddDays(-1));
        var input = new EvaluationInput(h.Set, h.Runtime, h.Benchmarks, h.Now) { Horizons = true };

        var parallel = Evaluator.EvaluateAll(input, Units(1500), degreeOfParallelism: 4);
        var single = Evaluator.EvaluateAll(input, Units(1500), degreeOfParallelism: 1);

        Assert.True(parallel.Transitions.Count > 1000, $"only {parallel.Transitions.Count} transitions");
        Assert.Equal(single.Transitions.Select(Id), parallel.Transitions.Select(Id));
        Assert.Equal(single.Actions.Select(a => Id(a.Transition)), parallel.Actions.Select(a => Id(a.Transition)));
        Assert.Equal(single.Memberships.Select(m => (m.Entity.Id, m.Membership.Key)), parallel.Memberships.Select(m => (m.Entity.Id, m.Membership.Key)));
        Assert.Equal(single.Settled, parallel.Settled);
        Assert.Equal(single.EntitiesEvaluated, parallel.EntitiesEvaluated);
        Assert.Equal(parallel.Transitions.Count, parallel.Transitions.Capacity);
        Assert.Equal(parallel.Actions.Count, parallel.Actions.Capacity);
        Assert.Equal(parallel.Memberships.Count, parallel.Memberships.Capacity);
        Assert.Equal(parallel.Settled.Count, parallel.Settled.Capacity);
    }

    private static (string, string, TransitionKind) Id(Transition t) => (t.EntityId, t.DefinitionKey, t.Kind);

    private static List<EvaluationUnit> Units(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new EvaluationUnit(
            LifecycleHarness.Org($"o{i}").With("seats", i % 3 * 7),
            [LifecycleHarness.Person($"o{i}p0", $"o{i}").With("is_admin", i % 2 == 0), LifecycleHarness.Person($"o{i}p1", $"o{i}").With("is_admin", false)]))];
}
