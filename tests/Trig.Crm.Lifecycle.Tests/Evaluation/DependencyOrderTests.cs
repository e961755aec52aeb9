using Trig.Crm.Lifecycle.Evaluation;

namespace Trig.Crm.Lifecycle.Tests.Evaluation;

public sealed class DependencyOrderTests
{
    // Written in reverse order on purpose: the loader must sort them so one pass settles the chain.
    private const string Funnel = """
        behaviours:
          - key: habit_moment
            audience: [ last_completed_aha_moment has any value ]
            completion: [ return_visits >= 3 ]
          - key: aha_moment
            audience: [ last_completed_setup_moment has any value ]
            completion: [ first_value_action = true ]
          - key: setup_moment
            audience: [ license_type = trial ]
            completion: [ setup_completed = true ]
        """;

    [Fact]
    public void Load_Chain_OrderedByDependency()
    {
        var h = new LifecycleHarness(Funnel);

        Assert.Equal(["setup_moment", "aha_moment", "habit_moment"], h.Set.Ordered.Select(d => d.Key));
    }

    [Fact]
    public void Evaluate_ThreeStepChainWithAllData_SettlesInOneEvaluation()
    {
        var h = new LifecycleHarness(Funnel);
        var org = LifecycleHarness.Org()
            .With("license_type", "trial").With("setup_completed", true).With("first_value_action", true).With("return_visits", 4);

        var r = h.Evaluate(org);

        Assert.Equal(
            [
                ("setup_moment", TransitionKind.Entered), ("setup_moment", TransitionKind.Completed),
                ("aha_moment", TransitionKind.Entered), ("aha_moment", TransitionKind.Completed),
                ("habit_moment", TransitionKind.Entered), ("habit_moment", TransitionKind.Completed),
            ],
            r.Transitions.Select(t => (t.DefinitionKey, t.Kind)));
        Assert.All(new[] { "setup_moment", "aha_moment", "habit_moment" }, k => Assert.Equal(MembershipStatus.Completed, org.M(k).Status));
    }

    [Fact]
    public void Evaluate_ChainStopsWhereTheDataStops()
    {
        var h = new LifecycleHarness(Funnel);
        var org = LifecycleHarness.Org().With("license_type", "trial").With("setup_completed", true);

        h.Evaluate(org);

        Assert.Equal(MembershipStatus.Completed, org.M("setup_moment").Status);
        Assert.Equal(MembershipStatus.Active, org.M("aha_moment").Status);
        Assert.False(org.Entered("habit_moment"));

        h.Advance(TimeSpan.FromDays(2));
        org.With("first_value_action", true).With("return_visits", 3);
        h.Evaluate(org);
        Assert.Equal(MembershipStatus.Completed, org.M("habit_moment").Status);
    }

    [Fact]
    public void Evaluate_PersonJobChain_SuccessPathSettlesInOneEvaluation()
    {
        var h = new LifecycleHarness("""
            jobs:
              - key: invite_team
                entity: person
                audience: [ last_completed_first_project_job has any value ]
                reentry: false
                goal: [ team_members >= 3 ]
                duration: 14d
              - key: first_project_job
                entity: person
                audience: [ first_project_created = 0 ]
                reentry: false
                goal: [ first_project_created >= 1 ]
                duration: 10d
            """);
        var p = LifecycleHarness.Person().With("first_project_created", 0);
        h.Evaluate(LifecycleHarness.Org().With("team_members", 1), p);
        h.Advance(TimeSpan.FromDays(1));
        p.With("first_project_created", 1);

        var r = h.Evaluate(LifecycleHarness.Org().With("team_members", 1), p);

        Assert.Equal(
            [("first_project_job", TransitionKind.Completed), ("invite_team", TransitionKind.Entered)],
            r.Transitions.Select(t => (t.DefinitionKey, t.Kind)));
    }
}
