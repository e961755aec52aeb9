using Trig.Crm.Lifecycle.Actions;
using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.Lifecycle.Tests.Evaluation;

public sealed class ActionTests
{
    private const string Chain = """
        jobs:
          - key: stalled
            entity: person
            audience: [ last_exited_nudge has any value, last_completed_nudge has no value, first_name = nobody ]
            reentry: false
            goal: [ first_project_created >= 1 ]
            duration: 14d
            on_entry: [ { slack: { to: owner, text: "{first_name} stalled" } } ]
          - key: nudge
            entity: person
            audience: [ first_project_created = 0 ]
            reentry: false
            goal: [ first_project_created >= 1 ]
            duration: 10d
            on_exit: [ { route_to: stalled } ]
        """;

    [Fact]
    public void Evaluate_RouteToOnExit_EntersTargetJobInTheSameEvaluation()
    {
        var h = new LifecycleHarness(Chain);
        var p = LifecycleHarness.Person().With("first_project_created", 0).With("first_name", "Sarah");
        h.EvaluatePerson(p);
        h.Advance(TimeSpan.FromDays(10));

        var r = h.EvaluatePerson(p);

        Assert.Equal(
            [("nudge", TransitionKind.Exited), ("stalled", TransitionKind.Entered)],
            r.Transitions.Select(t => (t.DefinitionKey, t.Kind)));
        Assert.Equal("routed from nudge", r.For("stalled").Single().Reason);
        Assert.True(p.IsIn("stalled"));
        Assert.Equal(h.Now, p.M("stalled").LastEntered);
        var route = Assert.Single(r.Actions, a => a.Action is RouteToAction);
        Assert.True(route.Executed);
        Assert.Equal(TransitionKind.Exited, route.Transition.Kind);
        var slack = Assert.Single(r.Actions, a => a.Action is SlackAction);
        Assert.False(slack.Executed);
        Assert.Equal("stalled", slack.Transition.DefinitionKey);
    }

    [Fact]
    public void Evaluate_RouteToJobAlreadyDoneWithoutReentry_DoesNotEnter()
    {
        var h = new LifecycleHarness(Chain);
        var p = LifecycleHarness.Person().With("first_project_created", 0);
        p.Memberships["stalled"] = new Membership("stalled") { Status = MembershipStatus.Exited, Entries = 1, LastEntered = h.Now.AddDays(-90), LastExited = h.Now.AddDays(-76) };
        h.EvaluatePerson(p);
        h.Advance(TimeSpan.FromDays(10));

        var r = h.EvaluatePerson(p);

        Assert.Empty(r.For("stalled"));
        Assert.Equal(1, p.M("stalled").Entries);
    }

    [Fact]
    public void Evaluate_UpdateAttribute_SetsTypedAttributeVisibleToLaterDefinitionsInThePass()
    {
        var h = new LifecycleHarness("""
            behaviours:
              - key: dropped_off
                audience: [ last_login more than 7 days ago ]
                on_complete:
                  - update_attribute: { attribute: health_status, value: at_risk }
                  - update_attribute: { attribute: engagement_restored, value: "false" }
            cohorts:
              - key: at_risk
                criteria: [ health_status = at_risk, engagement_restored = false ]
            """);
        var org = LifecycleHarness.Org().With("last_login", h.Now.AddDays(-10));

        var r = h.Evaluate(org);

        Assert.Equal(AttributeValue.Of("at_risk"), org.Get("health_status"));
        Assert.Equal(AttributeValue.Of(false), org.Get("engagement_restored"));
        Assert.True(org.IsIn("at_risk"));
        Assert.Equal(
            [("health_status", AttributeValue.Of("at_risk")), ("engagement_restored", AttributeValue.Of(false))],
            r.AttributeChanges.Select(c => (c.Name, c.Value)));
        Assert.All(r.Actions.Where(a => a.Action is UpdateAttributeAction), a => Assert.True(a.Executed));
    }

    [Fact]
    public void Evaluate_UpdateAttribute_RendersPlaceholders()
    {
        var h = new LifecycleHarness("""
            behaviours:
              - key: tagged
                on_entry:
                  - update_attribute: { attribute: health_status, value: "{plan}-watch" }
            """);
        var org = LifecycleHarness.Org().With("plan", "Premium");

        h.Evaluate(org);

        Assert.Equal(AttributeValue.Of("Premium-watch"), org.Get("health_status"));
    }

    [Fact]
    public void Evaluate_UpdateAttributeRenderedToWrongType_LeavesAttributeUnchanged()
    {
        var h = new LifecycleHarness("""
            behaviours:
              - key: copy_plan
                on_entry:
                  - update_attribute: { attribute: seats, value: "{plan}" }
            """);
        var org = LifecycleHarness.Org().With("plan", "Premium").With("seats", 7);

        var r = h.Evaluate(org);

        Assert.Equal(AttributeValue.Of(7d), org.Get("seats"));
        Assert.Empty(r.AttributeChanges);
    }

    [Fact]
    public void Evaluate_ExternalActions_QueuedNotExecutedWithTheirTransition()
    {
        var h = new LifecycleHarness("""
            behaviours:
              - key: power
                audience: [ seats >= 10 ]
                on_entry:
                  - slack: { channel: "#sales-alerts", text: "@{owner_email}" }
                  - webhook: { url: "https://hooks.example.com/a", secret: s, attributes: [name] }
            """);
        var org = LifecycleHarness.Org().With("seats", 11);

        var r = h.Evaluate(org);

        Assert.Equal([("slack", 0, false), ("webhook", 1, false)], r.Actions.Select(a => (a.Action.Kind, a.ActionIndex, a.Executed)));
        Assert.All(r.Actions, a => Assert.Equal((TransitionKind.Entered, "power"), (a.Transition.Kind, a.Transition.DefinitionKey)));
    }
}
