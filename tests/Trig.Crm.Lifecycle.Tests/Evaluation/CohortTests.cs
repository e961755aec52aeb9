using Trig.Crm.Lifecycle.Evaluation;

namespace Trig.Crm.Lifecycle.Tests.Evaluation;

public sealed class CohortTests
{
    private const string PowerAccounts = """
        cohorts:
          - key: power_accounts
            criteria: [ seats >= 10 ]
            on_entry: [ { slack: { channel: "#wins", text: "{name} is a power account" } } ]
        """;

    [Fact]
    public void Evaluate_CohortReentered_LastEnteredUpdatedAndEntriesCounted()
    {
        var h = new LifecycleHarness(PowerAccounts);
        var org = LifecycleHarness.Org().With("seats", 12);

        var first = h.Evaluate(org);
        var enteredFirst = h.Now;
        h.Advance(TimeSpan.FromDays(2));
        org.With("seats", 3);
        var leave = h.Evaluate(org);
        var left = h.Now;
        h.Advance(TimeSpan.FromDays(5));
        org.With("seats", 15);
        var again = h.Evaluate(org);

        Assert.Equal([TransitionKind.Entered], first.Kinds("power_accounts"));
        Assert.Equal([TransitionKind.Exited], leave.Kinds("power_accounts"));
        Assert.Equal([TransitionKind.Entered], again.Kinds("power_accounts"));
        var m = org.M("power_accounts");
        Assert.True(m.IsActive);
        Assert.Equal(2, m.Entries);
        Assert.Equal(h.Now, m.LastEntered);
        Assert.NotEqual(enteredFirst, m.LastEntered);
        Assert.Equal(left, m.LastExited);
        Assert.Null(m.LastCompleted);
        Assert.Equal([1, 1, 2], first.Transitions.Concat(leave.Transitions).Concat(again.Transitions).Select(t => t.Run));
        Assert.Single(again.Actions);
    }

    [Fact]
    public void Evaluate_CohortStillMatching_NoTransition()
    {
        var h = new LifecycleHarness(PowerAccounts);
        var org = LifecycleHarness.Org().With("seats", 12);
        h.Evaluate(org);
        h.Advance(TimeSpan.FromDays(1));

        var r = h.Evaluate(org);

        Assert.Empty(r.Transitions);
        Assert.Empty(r.Memberships);
        Assert.Equal(1, org.M("power_accounts").Entries);
    }

    [Fact]
    public void Evaluate_CohortMembership_IsReadableAsCurrentlyMemberOf()
    {
        var h = new LifecycleHarness(PowerAccounts + """

            behaviours:
              - key: spotted_power
                audience: [ currently_member_of_power_accounts = true ]
            """);
        var org = LifecycleHarness.Org().With("seats", 12);

        h.Evaluate(org);

        Assert.True(org.IsIn("power_accounts"));
        Assert.Equal(MembershipStatus.Completed, org.M("spotted_power").Status);
    }
}
