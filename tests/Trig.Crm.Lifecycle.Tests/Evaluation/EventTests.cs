using Trig.Crm.Lifecycle.Evaluation;

namespace Trig.Crm.Lifecycle.Tests.Evaluation;

public sealed class EventTests
{
    [Fact]
    public void Evaluate_EventBeforeLiveTime_DoesNotCountButOneAfterDoes()
    {
        var h = new LifecycleHarness("""
            behaviours:
              - key: clicked
                audience: [ project_link_clicked occurred ]
            """);
        h.GoLive("clicked", h.Now);
        var org = LifecycleHarness.Org();
        org.Events.Add("project_link_clicked", h.Now.AddMinutes(-1));

        h.Evaluate(org);
        Assert.False(org.Entered("clicked"));

        org.Events.Add("project_link_clicked", h.Now.AddHours(1));
        h.Advance(TimeSpan.FromHours(2));
        var r = h.Evaluate(org);

        Assert.Equal([TransitionKind.Entered, TransitionKind.Completed], r.Kinds("clicked"));
    }

    [Fact]
    public void Evaluate_EventAtExactlyLiveTime_Counts()
    {
        var h = new LifecycleHarness("""
            cohorts:
              - key: clicked
                criteria: [ project_link_clicked occurred ]
            """);
        h.GoLive("clicked", h.Now.AddHours(-1));
        var org = LifecycleHarness.Org();
        org.Events.Add("project_link_clicked", h.Now.AddHours(-1));

        h.Evaluate(org);

        Assert.True(org.IsIn("clicked"));
    }

    [Fact]
    public void Evaluate_CompletionEventBeforeEntry_DoesNotCount()
    {
        var h = new LifecycleHarness("""
            behaviours:
              - key: first_project
                audience: [ plan = Premium ]
                completion: [ project_created occurred ]
            """);
        h.GoLive("first_project", h.Now.AddDays(-30));
        var org = LifecycleHarness.Org();
        org.Events.Add("project_created", h.Now.AddDays(-2)); // after live, but before the org enters

        h.Advance(TimeSpan.FromDays(1));
        h.Evaluate(org);
        Assert.False(org.Entered("first_project"));

        org.With("plan", "Premium");
        h.Evaluate(org);
        Assert.Equal(MembershipStatus.Active, org.M("first_project").Status);

        org.Events.Add("project_created", h.Now.AddHours(1));
        h.Advance(TimeSpan.FromHours(2));
        var r = h.Evaluate(org);

        Assert.Equal([TransitionKind.Completed], r.Kinds("first_project"));
    }

    [Fact]
    public void Evaluate_ObjectiveEvent_CountsFromTheStageLiveTime()
    {
        var h = new LifecycleHarness("""
            stages:
              - key: onboarding
                objectives:
                  - { key: shared, completion: [ project_link_clicked occurred ] }
            """);
        h.GoLive("onboarding", h.Now);
        var org = LifecycleHarness.Org();
        org.Events.Add("project_link_clicked", h.Now.AddDays(-1));

        h.Evaluate(org);

        Assert.Equal(MembershipStatus.Active, org.M("shared").Status);
    }

    [Fact]
    public void Evaluate_OrganisationEvents_IncludeItsPeoplesEvents()
    {
        var h = new LifecycleHarness("""
            cohorts:
              - key: busy_team
                criteria: [ login occurred >= 3 times within 7 days ]
            """);
        var org = LifecycleHarness.Org();
        var ann = LifecycleHarness.Person("ann");
        var bob = LifecycleHarness.Person("bob");
        org.Events.Add("login", h.Now.AddDays(-1));
        ann.Events.Add("login", h.Now.AddDays(-2));
        bob.Events.Add("login", h.Now.AddDays(-3));

        h.Evaluate(org, ann, bob);
        Assert.True(org.IsIn("busy_team"));

        // Without the people, the organisation's own single login is not enough.
        var alone = LifecycleHarness.Org("org-2");
        alone.Events.Add("login", h.Now.AddDays(-1));
        h.Evaluate(alone);
        Assert.False(alone.Entered("busy_team"));
    }

    [Fact]
    public void Evaluate_OccurredWindow_SlidesWithTheClock()
    {
        var h = new LifecycleHarness("""
            cohorts:
              - key: busy_team
                criteria: [ login occurred >= 2 times within 7 days ]
            """);
        var org = LifecycleHarness.Org();
        org.Events.Add("login", h.Now.AddDays(-6));
        org.Events.Add("login", h.Now.AddDays(-1));
        h.Evaluate(org);
        Assert.True(org.IsIn("busy_team"));

        h.Advance(TimeSpan.FromDays(2));
        var r = h.Evaluate(org);

        Assert.Equal([TransitionKind.Exited], r.Kinds("busy_team"));
    }
}
