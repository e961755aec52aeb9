using Trig.Crm.Lifecycle.Evaluation;

namespace Trig.Crm.Lifecycle.Tests.Evaluation;

public sealed class MetadataTests
{
    private const string Source = """
        jobs:
          - key: nudge
            audience: [ plan = Premium ]
            reentry: false
            goal: [ seats >= 10 ]
            duration: 5d
        """;

    private static string Readers(string entered, string completed, string exited) => Source + $"""

        cohorts:
          - key: saw_entered
            criteria: [ {entered} has any value ]
          - key: saw_completed
            criteria: [ {completed} has any value ]
          - key: saw_exited
            criteria: [ {exited} has any value ]
          - key: saw_member
            criteria: [ currently_member_of_nudge = true ]
        """;

    [Theory]
    [InlineData("last_entered_nudge", "last_completed_nudge", "last_exited_nudge")]
    [InlineData("last_entry_to_nudge", "last_completion_of_nudge", "last_exit_from_nudge")]
    public void Evaluate_MetadataNamesAndAliases_ReadTheSameMembership(string entered, string completed, string exited)
    {
        var h = new LifecycleHarness(Readers(entered, completed, exited));
        var exits = LifecycleHarness.Org("exits").With("plan", "Premium");
        var completes = LifecycleHarness.Org("completes").With("plan", "Premium");
        var never = LifecycleHarness.Org("never").With("plan", "Free");

        foreach (var o in new[] { exits, completes, never })
        {
            h.Evaluate(o);
        }

        Assert.Equal([true, false, false, true], Cohorts(exits));
        Assert.Equal([false, false, false, false], Cohorts(never));

        h.Advance(TimeSpan.FromDays(1));
        completes.With("seats", 10);
        h.Evaluate(completes);
        Assert.Equal([true, true, false, false], Cohorts(completes));

        h.Advance(TimeSpan.FromDays(5));
        h.Evaluate(exits);
        Assert.Equal([true, false, true, false], Cohorts(exits));
    }

    private static bool[] Cohorts(EntityState o) =>
        [o.IsIn("saw_entered"), o.IsIn("saw_completed"), o.IsIn("saw_exited"), o.IsIn("saw_member")];

    [Fact]
    public void Evaluate_MetadataTimestamps_ComparableAsDates()
    {
        var h = new LifecycleHarness(Source + """

            cohorts:
              - key: recently_nudged
                criteria: [ last_entry_to_nudge within last 3 days ]
            """);
        var org = LifecycleHarness.Org().With("plan", "Premium");
        h.Evaluate(org);
        Assert.True(org.IsIn("recently_nudged"));

        h.Advance(TimeSpan.FromDays(4));
        h.Evaluate(org);

        Assert.False(org.IsIn("recently_nudged"));
    }

    [Fact]
    public void Evaluate_PersonCriterion_ReadsOrganisationMetadata()
    {
        var h = new LifecycleHarness("""
            cohorts:
              - key: premium_org
                criteria: [ plan = Premium ]
              - key: people_in_premium_orgs
                entity: person
                criteria: [ currently_member_of_premium_org = true ]
            """);
        var org = LifecycleHarness.Org().With("plan", "Premium");
        var p = LifecycleHarness.Person();

        // People are evaluated before their organisation: they see its memberships from the previous pass.
        h.Evaluate(org, p);
        Assert.True(org.IsIn("premium_org"));
        Assert.False(p.Entered("people_in_premium_orgs"));

        h.Evaluate(org, p);
        Assert.True(p.IsIn("people_in_premium_orgs"));
    }
}
