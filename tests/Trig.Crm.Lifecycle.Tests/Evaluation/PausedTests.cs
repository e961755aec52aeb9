using Trig.Crm.Lifecycle.Evaluation;

namespace Trig.Crm.Lifecycle.Tests.Evaluation;

public sealed class PausedTests
{
    private static string Definitions(string status) => $"""
        behaviours:
          - key: milestone
            status: {status}
            audience: [ plan = Premium ]
            completion: [ seats >= 10 ]
        cohorts:
          - key: big
            status: {status}
            criteria: [ seats >= 5 ]
        jobs:
          - key: nudge
            status: {status}
            audience: [ plan = Premium ]
            reentry: false
            goal: [ seats >= 10 ]
            duration: 7d
        """;

    [Fact]
    public void Evaluate_StatusPaused_AdmitsNoNewEntries()
    {
        var h = new LifecycleHarness(Definitions("paused"));
        var org = LifecycleHarness.Org().With("plan", "Premium").With("seats", 6);

        var r = h.Evaluate(org);

        Assert.Empty(r.Transitions);
        Assert.Empty(org.Memberships);
    }

    [Fact]
    public void Evaluate_StatusPaused_MembersStillCompleteAndExit()
    {
        var live = new LifecycleHarness(Definitions("live"));
        var completer = LifecycleHarness.Org("a").With("plan", "Premium").With("seats", 6);
        var leaver = LifecycleHarness.Org("b").With("plan", "Premium").With("seats", 6);
        live.Evaluate(completer);
        live.Evaluate(leaver);

        var paused = new LifecycleHarness(Definitions("paused"));
        paused.Advance(TimeSpan.FromDays(1));
        completer.With("seats", 12);
        leaver.With("seats", 1);
        var done = paused.Evaluate(completer);
        var gone = paused.Evaluate(leaver);

        Assert.Equal([TransitionKind.Completed], done.Kinds("milestone"));
        Assert.Equal([TransitionKind.Completed], done.Kinds("nudge"));
        Assert.Equal([TransitionKind.Exited], gone.Kinds("big"));
        paused.Advance(TimeSpan.FromDays(7));
        Assert.Equal([TransitionKind.Exited], paused.Evaluate(leaver).Kinds("nudge"));
    }

    [Fact]
    public void Evaluate_PausedByAdmin_AdmitsNoNewEntriesButMembersLeave()
    {
        var h = new LifecycleHarness(Definitions("live"));
        var member = LifecycleHarness.Org("a").With("plan", "Premium").With("seats", 6);
        h.Evaluate(member);
        foreach (var key in new[] { "milestone", "big", "nudge" })
        {
            h.GoLive(key, LifecycleHarness.Start.AddDays(-1), paused: true);
        }

        var newcomer = LifecycleHarness.Org("b").With("plan", "Premium").With("seats", 6);
        h.Advance(TimeSpan.FromDays(1));
        member.With("seats", 12);
        var r = h.Evaluate(member);
        var n = h.Evaluate(newcomer);

        Assert.Empty(n.Transitions);
        Assert.Empty(newcomer.Memberships);
        Assert.Equal([TransitionKind.Completed], r.Kinds("milestone"));
        Assert.Equal([TransitionKind.Completed], r.Kinds("nudge"));
        Assert.True(member.IsIn("big"));

        h.GoLive("big", LifecycleHarness.Start.AddDays(-1), paused: false);
        Assert.Equal([TransitionKind.Entered], h.Evaluate(newcomer).Kinds("big"));
    }

    [Fact]
    public void Evaluate_RouteToPausedJob_DoesNotEnter()
    {
        var h = new LifecycleHarness("""
            jobs:
              - key: first
                audience: [ plan = Premium ]
                reentry: false
                goal: [ seats >= 10 ]
                duration: 1d
                on_exit: [ { route_to: second } ]
              - key: second
                status: paused
                audience: [ plan = nobody ]
                reentry: false
                goal: [ seats >= 10 ]
                duration: 1d
            """);
        var org = LifecycleHarness.Org().With("plan", "Premium");
        h.Evaluate(org);
        h.Advance(TimeSpan.FromDays(1));

        var r = h.Evaluate(org);

        Assert.Equal([TransitionKind.Exited], r.Kinds("first"));
        Assert.False(org.Entered("second"));
    }
}
