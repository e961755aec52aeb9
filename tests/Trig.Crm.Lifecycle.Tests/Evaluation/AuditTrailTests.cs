using Trig.Crm.Lifecycle.Evaluation;

namespace Trig.Crm.Lifecycle.Tests.Evaluation;

public sealed class AuditTrailTests
{
    private const string Definitions = """
        behaviours:
          - key: first_strike
            audience: [ license_type = commercial, seats >= 1 ]
            completion:
              any:
                - projects_created >= 1
                - project_link_clicked occurred
        cohorts:
          - key: big
            criteria: [ seats >= 10 ]
        """;

    [Fact]
    public void Evaluate_EveryTransition_RecordsVersionTimeAndDecidingCriteria()
    {
        var h = new LifecycleHarness(Definitions);
        var org = LifecycleHarness.Org().With("license_type", "commercial").With("seats", 12);
        var entered = h.Evaluate(org);
        h.Advance(TimeSpan.FromDays(1));
        org.Events.Add("project_link_clicked", h.Now.AddMinutes(-5));
        org.With("seats", 2);
        var later = h.Evaluate(org);

        var all = entered.Transitions.Concat(later.Transitions).ToList();
        Assert.Equal(
            [("first_strike", TransitionKind.Entered), ("big", TransitionKind.Entered), ("first_strike", TransitionKind.Completed), ("big", TransitionKind.Exited)],
            all.Select(t => (t.DefinitionKey, t.Kind)));
        Assert.All(all, t => Assert.Equal(h.Set.ByKey[t.DefinitionKey].Version, t.DefinitionVersion));
        Assert.All(all, t => Assert.Equal(("org-1", Trig.Crm.Lifecycle.Model.EntityKind.Organisation), (t.EntityId, t.EntityKind)));
        Assert.Equal([LifecycleHarness.Start, LifecycleHarness.Start, h.Now, h.Now], all.Select(t => t.At));
        Assert.Equal("license_type = commercial ✓ (commercial); seats >= 1 ✓ (12)", all[0].Reason);
        Assert.Equal("seats >= 10 ✓ (12)", all[1].Reason);
        Assert.Equal("projects_created >= 1 ✗ (no value); project_link_clicked occurred ✓ (1 times)", all[2].Reason);
        Assert.Equal("criteria no longer match: seats >= 10 ✗ (2)", all[3].Reason);
        Assert.Equal(["entered", "entered", "completed", "exited"], all.Select(t => t.Name));
    }

    [Fact]
    public void Evaluate_EachTransitionRecordedOnce()
    {
        var h = new LifecycleHarness(Definitions);
        var org = LifecycleHarness.Org().With("license_type", "commercial").With("seats", 12);

        var count = 0;
        for (var i = 0; i < 5; i++)
        {
            count += h.Evaluate(org).Transitions.Count;
            h.Advance(TimeSpan.FromHours(6));
        }

        Assert.Equal(2, count);
    }

    [Fact]
    public void Evaluate_ChangedDefinition_RecordsTheNewVersion()
    {
        var v1 = new LifecycleHarness(Definitions);
        var v2 = new LifecycleHarness(Definitions.Replace("seats >= 10", "seats >= 20", StringComparison.Ordinal));
        var a = LifecycleHarness.Org("a").With("seats", 25);
        var b = LifecycleHarness.Org("b").With("seats", 25);

        var r1 = v1.Evaluate(a);
        var r2 = v2.Evaluate(b);

        Assert.NotEqual(r1.For("big").Single().DefinitionVersion, r2.For("big").Single().DefinitionVersion);
        Assert.Equal(v2.Set.ByKey["big"].Version, r2.For("big").Single().DefinitionVersion);
    }

    [Fact]
    public void Explain_ReportsEachConditionWithTheValueSeen()
    {
        var h = new LifecycleHarness(Definitions);
        var org = LifecycleHarness.Org().With("license_type", "trial").With("seats", 3);
        h.Evaluate(org);

        var x = Evaluator.Explain(new EvaluationInput(h.Set, h.Runtime, h.Benchmarks, h.Now), new EvaluationUnit(org, []), org, h.Set.ByKey["first_strike"]);

        Assert.Equal("never entered", x.Status);
        Assert.False(x.Audience!.Result);
        Assert.Equal([("license_type = commercial", false, "trial"), ("seats >= 1", true, "3")], x.Audience.Children.Select(c => (c.Text, c.Result, c.Observed!)));
    }
}
