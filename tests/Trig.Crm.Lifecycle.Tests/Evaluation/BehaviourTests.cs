using Trig.Crm.Lifecycle.Actions;
using Trig.Crm.Lifecycle.Evaluation;

namespace Trig.Crm.Lifecycle.Tests.Evaluation;

public sealed class BehaviourTests
{
    private const string FirstStrike = """
        behaviours:
          - key: first_strike
            audience:
              - license_type = commercial
            completion:
              any:
                - projects_created >= 1
                - boards_joined >= 1
            time_limit: 14d
            on_entry:
              - slack: { channel: "#cs-alerts", text: "{name} entered. Owner: @{owner_email}" }
            on_complete:
              - slack: { channel: "#cs-alerts", text: "{name} completed" }
            on_exit:
              - slack: { channel: "#cs-alerts", text: "{name} dropped" }
        """;

    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    [Fact]
    public void Evaluate_AudienceMatches_EntersBehaviourAndFiresEntryAction()
    {
        var h = new LifecycleHarness(FirstStrike);
        var org = LifecycleHarness.Org().With("license_type", "commercial");

        var r = h.Evaluate(org);

        var m = org.M("first_strike");
        Assert.Equal(MembershipStatus.Active, m.Status);
        Assert.Equal(h.Now, m.LastEntered);
        Assert.Null(m.LastCompleted);
        Assert.Equal([TransitionKind.Entered], r.Kinds("first_strike"));
        var a = Assert.Single(r.Actions);
        Assert.Equal(("#cs-alerts", false), (Assert.IsType<SlackAction>(a.Action).Channel, a.Executed));
        Assert.Equal(TransitionKind.Entered, a.Transition.Kind);
    }

    [Fact]
    public void Evaluate_AudienceDoesNotMatch_DoesNotEnter()
    {
        var h = new LifecycleHarness(FirstStrike);
        var org = LifecycleHarness.Org().With("license_type", "trial");

        var r = h.Evaluate(org);

        Assert.False(org.Entered("first_strike"));
        Assert.Empty(r.Transitions);
    }

    [Fact]
    public void Evaluate_BehaviourCompleted_NeverReentered()
    {
        var h = new LifecycleHarness(FirstStrike);
        var org = LifecycleHarness.Org().With("license_type", "commercial");
        h.Evaluate(org);
        h.Advance(Day);
        org.With("projects_created", 1);
        var completed = h.Evaluate(org);
        Assert.Equal([TransitionKind.Completed], completed.Kinds("first_strike"));

        // Completion no longer true, audience still true: a behaviour is one and done.
        org.With("projects_created", 0);
        for (var i = 0; i < 3; i++)
        {
            h.Advance(Day);
            Assert.Empty(h.Evaluate(org).Transitions);
        }

        var m = org.M("first_strike");
        Assert.Equal((MembershipStatus.Completed, 1), (m.Status, m.Entries));
    }

    [Fact]
    public void Evaluate_BehaviourExited_NeverReentered()
    {
        var h = new LifecycleHarness(FirstStrike);
        var org = LifecycleHarness.Org().With("license_type", "commercial");
        h.Evaluate(org);
        h.Advance(Day);
        org.With("license_type", "trial");
        Assert.Equal([TransitionKind.Exited], h.Evaluate(org).Kinds("first_strike"));

        h.Advance(Day);
        org.With("license_type", "commercial");
        var again = h.Evaluate(org);

        Assert.Empty(again.Transitions);
        Assert.Equal((MembershipStatus.Exited, 1), (org.M("first_strike").Status, org.M("first_strike").Entries));
    }

    [Fact]
    public void Evaluate_AudienceStopsMatching_ExitsBehaviour()
    {
        var h = new LifecycleHarness(FirstStrike);
        var org = LifecycleHarness.Org().With("license_type", "commercial");
        h.Evaluate(org);
        h.Advance(Day);
        org.With("license_type", "trial");

        var r = h.Evaluate(org);

        var t = Assert.Single(r.For("first_strike"));
        Assert.Equal(TransitionKind.Exited, t.Kind);
        Assert.Contains("audience no longer matches", t.Reason, StringComparison.Ordinal);
        Assert.Contains("license_type = commercial ✗ (trial)", t.Reason, StringComparison.Ordinal);
        Assert.Equal(h.Now, org.M("first_strike").LastExited);
        Assert.Null(org.M("first_strike").LastCompleted);
        Assert.IsType<SlackAction>(Assert.Single(r.Actions).Action);
        Assert.Equal("{name} dropped", ((SlackAction)r.Actions[0].Action).Text);
    }

    [Fact]
    public void Evaluate_TimeLimitPasses_ExitsBehaviour()
    {
        var h = new LifecycleHarness(FirstStrike);
        var org = LifecycleHarness.Org().With("license_type", "commercial");
        h.Evaluate(org);

        h.Advance(TimeSpan.FromDays(14) - TimeSpan.FromMinutes(1));
        Assert.Empty(h.Evaluate(org).Transitions);
        Assert.True(org.IsIn("first_strike"));

        h.Advance(TimeSpan.FromMinutes(1));
        var r = h.Evaluate(org);

        var t = Assert.Single(r.For("first_strike"));
        Assert.Equal(TransitionKind.Exited, t.Kind);
        Assert.Contains("time_limit 14d", t.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_CompletionTrueAtEntry_EntersAndCompletesInOneEvaluation()
    {
        var h = new LifecycleHarness(FirstStrike);
        var org = LifecycleHarness.Org().With("license_type", "commercial").With("boards_joined", 2);

        var r = h.Evaluate(org);

        Assert.Equal([TransitionKind.Entered, TransitionKind.Completed], r.Kinds("first_strike"));
        var m = org.M("first_strike");
        Assert.Equal((MembershipStatus.Completed, h.Now, h.Now), (m.Status, m.LastEntered!.Value, m.LastCompleted!.Value));
        Assert.Equal(["{name} entered. Owner: @{owner_email}", "{name} completed"], r.Actions.Select(a => ((SlackAction)a.Action).Text));
    }

    [Fact]
    public void Evaluate_NoCompletionCriteria_CompletesOnEntry()
    {
        var h = new LifecycleHarness("""
            behaviours:
              - key: became_premium
                audience: [ plan = Premium ]
            """);
        var org = LifecycleHarness.Org().With("plan", "Premium");

        var r = h.Evaluate(org);

        Assert.Equal([TransitionKind.Entered, TransitionKind.Completed], r.Kinds("became_premium"));
        Assert.Contains("no completion criteria", r.For("became_premium").Last().Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_NoAudience_EveryoneEnters()
    {
        var h = new LifecycleHarness("""
            behaviours:
              - key: first_project
                completion: [ projects_created >= 1 ]
            """);
        var org = LifecycleHarness.Org();

        var r = h.Evaluate(org);

        Assert.True(org.IsIn("first_project"));
        Assert.Contains("no audience criteria", Assert.Single(r.Transitions).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_TimeLimitPassedAndCompletionTrueTogether_CompletionWins()
    {
        var h = new LifecycleHarness(FirstStrike);
        var org = LifecycleHarness.Org().With("license_type", "commercial");
        h.Evaluate(org);
        h.Advance(TimeSpan.FromDays(15));
        org.With("projects_created", 1);

        var r = h.Evaluate(org);

        Assert.Equal([TransitionKind.Completed], r.Kinds("first_strike"));
        Assert.Equal(MembershipStatus.Completed, org.M("first_strike").Status);
        Assert.Null(org.M("first_strike").LastExited);
    }

    [Fact]
    public void Evaluate_AudienceStopsAndCompletionTrueTogether_CompletionWins()
    {
        var h = new LifecycleHarness(FirstStrike);
        var org = LifecycleHarness.Org().With("license_type", "commercial");
        h.Evaluate(org);
        h.Advance(Day);
        org.With("license_type", "trial").With("boards_joined", 1);

        var r = h.Evaluate(org);

        Assert.Equal([TransitionKind.Completed], r.Kinds("first_strike"));
    }

    [Fact]
    public void Evaluate_AttributesAreHistorical_OldValueCountsButOldEventDoesNot()
    {
        var h = new LifecycleHarness("""
            behaviours:
              - key: by_attribute
                completion: [ projects_created >= 1 ]
              - key: by_event
                completion: [ project_created occurred ]
            """);
        h.GoLive("by_attribute", h.Now);
        h.GoLive("by_event", h.Now);
        // Both facts are a year old: the attribute still holds, the event happened before the definitions went live.
        var org = LifecycleHarness.Org().With("projects_created", 4);
        org.Events.Add("project_created", h.Now.AddDays(-365));

        h.Evaluate(org);

        Assert.Equal(MembershipStatus.Completed, org.M("by_attribute").Status);
        Assert.Equal(MembershipStatus.Active, org.M("by_event").Status);
    }
}
