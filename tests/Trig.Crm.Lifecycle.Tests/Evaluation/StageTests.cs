using Trig.Crm.Lifecycle.Actions;
using Trig.Crm.Lifecycle.Evaluation;

namespace Trig.Crm.Lifecycle.Tests.Evaluation;

public sealed class StageTests
{
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    private const string Onboarding = """
        stages:
          - key: onboarding
            audience: [ license_type = trial ]
            exit: { after: 30d }
            objectives:
              - { key: first_project, completion: [ projects_created >= 1 ] }
              - { key: team, completion: [ team_members >= 2 ] }
              - key: premium_setup
                audience: [ plan = Premium ]
                completion: [ setup_completed = true ]
            on_complete: [ { slack: { channel: "#cs", text: "{name} onboarded" } } ]
        behaviours:
          - key: halfway
            audience: [ objectives_completed_onboarding >= 2 ]
          - key: in_onboarding
            audience: [ current_stage = onboarding ]
        """;

    private static EntityState Trial() => LifecycleHarness.Org().With("license_type", "trial").With("plan", "Premium");

    [Fact]
    public void Evaluate_StageAudienceMatches_EntersStageAndItsObjectives()
    {
        var h = new LifecycleHarness(Onboarding);
        var org = Trial();

        var r = h.Evaluate(org);

        Assert.True(org.IsIn("onboarding"));
        Assert.True(org.IsIn("first_project"));
        Assert.True(org.IsIn("team"));
        Assert.True(org.IsIn("premium_setup"));
        Assert.Equal([TransitionKind.Entered], r.Kinds("onboarding"));
        Assert.Equal(Trig.Crm.Lifecycle.Definitions.DefinitionKind.Objective, r.For("team").Single().DefinitionKind);
    }

    [Fact]
    public void Evaluate_AllObjectivesCompleted_CompletesStage()
    {
        var h = new LifecycleHarness(Onboarding);
        var org = Trial().With("projects_created", 1).With("team_members", 2);
        h.Evaluate(org);
        Assert.True(org.IsIn("onboarding"));

        h.Advance(Day);
        org.With("setup_completed", true);
        var r = h.Evaluate(org);

        Assert.Equal([TransitionKind.Completed], r.Kinds("premium_setup"));
        var t = Assert.Single(r.For("onboarding"));
        Assert.Equal(TransitionKind.Completed, t.Kind);
        Assert.Equal("all objectives completed", t.Reason);
        Assert.Equal(h.Now, org.M("onboarding").LastCompleted);
        Assert.Equal("{name} onboarded", ((SlackAction)Assert.Single(r.Actions, a => a.Transition.DefinitionKey == "onboarding").Action).Text);
    }

    [Fact]
    public void Evaluate_CompleteWhenMatches_CompletesStageAndActiveObjectivesExitIncomplete()
    {
        var h = new LifecycleHarness("""
            stages:
              - key: onboarding
                complete_when: [ seats >= 10 ]
                objectives:
                  - { key: first_project, completion: [ projects_created >= 1 ] }
                  - { key: team, completion: [ team_members >= 2 ] }
            """);
        var org = LifecycleHarness.Org().With("projects_created", 1);
        h.Evaluate(org);
        h.Advance(Day);
        org.With("seats", 12);

        var r = h.Evaluate(org);

        var t = Assert.Single(r.For("onboarding"));
        Assert.Equal(TransitionKind.Completed, t.Kind);
        Assert.Contains("seats >= 10 ✓ (12)", t.Reason, StringComparison.Ordinal);
        Assert.Equal(MembershipStatus.Completed, org.M("first_project").Status);
        Assert.Equal(MembershipStatus.Exited, org.M("team").Status);
        Assert.Equal("stage ended", Assert.Single(r.For("team")).Reason);
    }

    [Fact]
    public void Evaluate_ExitAfterElapsed_ExitsStageRecordingIncompleteObjectives()
    {
        var h = new LifecycleHarness(Onboarding);
        var org = Trial().With("projects_created", 1);
        h.Evaluate(org);

        h.Advance(TimeSpan.FromDays(30) - TimeSpan.FromSeconds(1));
        Assert.Empty(h.Evaluate(org).Transitions);

        h.Advance(TimeSpan.FromSeconds(1));
        var r = h.Evaluate(org);

        var t = Assert.Single(r.For("onboarding"));
        Assert.Equal((TransitionKind.Exited, "exit after 30d elapsed"), (t.Kind, t.Reason));
        Assert.Equal(MembershipStatus.Completed, org.M("first_project").Status);
        Assert.Equal(MembershipStatus.Exited, org.M("team").Status);
        Assert.Equal(MembershipStatus.Exited, org.M("premium_setup").Status);
        Assert.Equal([TransitionKind.Exited], r.Kinds("team"));
        Assert.Empty(r.For("first_project"));
    }

    [Fact]
    public void Evaluate_ExitWhenMatches_ExitsStage()
    {
        var h = new LifecycleHarness("""
            stages:
              - key: onboarding
                exit: { when: [ last_login more than 14 days ago ] }
                objectives:
                  - { key: first_project, completion: [ projects_created >= 1 ] }
            """);
        var org = LifecycleHarness.Org().With("last_login", h.Now);
        h.Evaluate(org);
        h.Advance(TimeSpan.FromDays(14));
        Assert.Empty(h.Evaluate(org).Transitions);

        h.Advance(Day);
        var r = h.Evaluate(org);

        var t = Assert.Single(r.For("onboarding"));
        Assert.Equal(TransitionKind.Exited, t.Kind);
        Assert.StartsWith("exit when: last_login more than 14 days ago ✓", t.Reason, StringComparison.Ordinal);
        Assert.Equal(MembershipStatus.Exited, org.M("first_project").Status);
    }

    [Fact]
    public void Evaluate_HybridExit_WhicheverComesFirst()
    {
        var h = new LifecycleHarness("""
            stages:
              - key: adoption
                exit:
                  after: 30d
                  when: [ last_login more than 14 days ago ]
                objectives:
                  - { key: used_feature, completion: [ seats >= 5 ] }
            """);
        var quiet = LifecycleHarness.Org("quiet").With("last_login", h.Now);
        var active = LifecycleHarness.Org("active").With("last_login", h.Now);
        h.Evaluate(quiet);
        h.Evaluate(active);

        // Day 15: the quiet org has not logged in for 15 days; the active one logs in daily.
        for (var day = 1; day <= 15; day++)
        {
            h.Advance(Day);
            active.With("last_login", h.Now);
            h.Evaluate(quiet);
            h.Evaluate(active);
        }

        Assert.Equal(MembershipStatus.Exited, quiet.M("adoption").Status);
        Assert.Equal(LifecycleHarness.Start.AddDays(15), quiet.M("adoption").LastExited);
        Assert.True(active.IsIn("adoption"));

        h.Advance(TimeSpan.FromDays(15));
        active.With("last_login", h.Now);
        var r = h.Evaluate(active);

        Assert.Equal("exit after 30d elapsed", Assert.Single(r.For("adoption")).Reason);
    }

    [Fact]
    public void Evaluate_ExitAfterElapsedAndAllObjectivesCompleteTogether_CompletionWins()
    {
        var h = new LifecycleHarness(Onboarding);
        var org = Trial();
        h.Evaluate(org);
        h.Advance(TimeSpan.FromDays(31));
        org.With("projects_created", 1).With("team_members", 2).With("setup_completed", true);

        var r = h.Evaluate(org);

        Assert.Equal([TransitionKind.Completed], r.Kinds("onboarding"));
    }

    [Fact]
    public void Evaluate_Objective_OnlyEntersWhileInTheStage()
    {
        var h = new LifecycleHarness(Onboarding);
        var org = LifecycleHarness.Org().With("license_type", "commercial").With("projects_created", 3);

        h.Evaluate(org);
        Assert.False(org.Entered("onboarding"));
        Assert.False(org.Entered("first_project"));

        h.Advance(Day);
        org.With("license_type", "trial");
        var r = h.Evaluate(org);

        Assert.Equal([TransitionKind.Entered, TransitionKind.Completed], r.Kinds("first_project"));
    }

    [Fact]
    public void Evaluate_ObjectiveOwnAudience_CombinesWithTheStage()
    {
        var h = new LifecycleHarness(Onboarding);
        var org = Trial().With("plan", "Free");

        h.Evaluate(org);
        Assert.True(org.IsIn("onboarding"));
        Assert.False(org.Entered("premium_setup"));

        h.Advance(Day);
        org.With("plan", "Premium");
        h.Evaluate(org);
        Assert.True(org.IsIn("premium_setup"));
    }

    [Fact]
    public void Evaluate_StageEnded_ObjectiveNeverEntersAfterwards()
    {
        var h = new LifecycleHarness(Onboarding);
        var org = Trial().With("plan", "Free");
        h.Evaluate(org);
        h.Advance(TimeSpan.FromDays(30));
        h.Evaluate(org);

        h.Advance(Day);
        org.With("plan", "Premium").With("setup_completed", true);
        var r = h.Evaluate(org);

        Assert.False(org.Entered("premium_setup"));
        Assert.DoesNotContain(r.Transitions, t => t.DefinitionKey is "onboarding" or "premium_setup");
    }

    [Fact]
    public void Evaluate_Stage_NeverReentered()
    {
        var h = new LifecycleHarness(Onboarding);
        var org = Trial();
        h.Evaluate(org);
        h.Advance(TimeSpan.FromDays(30));
        h.Evaluate(org);

        h.Advance(Day);
        var r = h.Evaluate(org);

        Assert.Empty(r.For("onboarding"));
        Assert.Equal((MembershipStatus.Exited, 1), (org.M("onboarding").Status, org.M("onboarding").Entries));
    }

    [Fact]
    public void Evaluate_ObjectivesCompletedMetadata_CountsCompletedObjectives()
    {
        var h = new LifecycleHarness(Onboarding);
        var org = Trial().With("projects_created", 1);
        h.Evaluate(org);
        Assert.False(org.Entered("halfway"));

        h.Advance(Day);
        org.With("team_members", 2);
        var r = h.Evaluate(org);

        Assert.Equal([TransitionKind.Entered, TransitionKind.Completed], r.Kinds("halfway"));
        Assert.Contains("objectives_completed_onboarding >= 2 ✓ (2)", r.For("halfway").First().Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_CurrentStage_IsTheActiveStageKey()
    {
        var h = new LifecycleHarness(Onboarding);
        var org = Trial();

        var r = h.Evaluate(org);

        Assert.Equal(MembershipStatus.Completed, org.M("in_onboarding").Status);
        Assert.Contains("current_stage = onboarding ✓ (onboarding)", r.For("in_onboarding").First().Reason, StringComparison.Ordinal);

        var outside = LifecycleHarness.Org("outside").With("license_type", "commercial");
        h.Evaluate(outside);
        Assert.False(outside.Entered("in_onboarding"));
    }

    [Fact]
    public void Evaluate_StageWithNoObjectivesAndNoCompleteWhen_CompletesOnEntry()
    {
        var h = new LifecycleHarness("""
            stages:
              - key: welcome
                audience: [ license_type = trial ]
                exit: { after: 30d }
                on_complete: [ { slack: { channel: "#cs", text: "{name} welcomed" } } ]
            """);
        var org = LifecycleHarness.Org().With("license_type", "trial");

        var r = h.Evaluate(org);

        Assert.Equal([TransitionKind.Entered, TransitionKind.Completed], r.Kinds("welcome"));
        Assert.Equal("no objectives and no complete_when: completes on entry", r.For("welcome").Last().Reason);
        Assert.Equal(MembershipStatus.Completed, org.M("welcome").Status);
        Assert.Equal(h.Now, org.M("welcome").LastCompleted);
        Assert.Single(r.Actions, a => a.Transition.DefinitionKey == "welcome" && a.Transition.Kind == TransitionKind.Completed);
    }
}
