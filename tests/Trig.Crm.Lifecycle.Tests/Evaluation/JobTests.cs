using Trig.Crm.Lifecycle.Actions;
using Trig.Crm.Lifecycle.Evaluation;

namespace Trig.Crm.Lifecycle.Tests.Evaluation;

public sealed class JobTests
{
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    private static string Nudge(string reentry = "reentry: false") => $"""
        jobs:
          - key: onboarding_nudge
            entity: person
            audience:
              - first_project_created = 0
            {reentry}
            goal: [ first_project_created >= 1 ]
            duration: 10d
            on_entry:
              - email: {"{"} subject: Welcome, body: "Hi {"{"}first_name{"}"}" {"}"}
            follow_ups:
              - after: 3d
                actions: [ {"{"} email: {"{"} subject: Day3, body: b {"}"} {"}"} ]
              - after: 7d
                actions: [ {"{"} email: {"{"} subject: Day7, body: b {"}"} {"}"} ]
        """;

    private static EntityState NewUser() => LifecycleHarness.Person().With("first_project_created", 0).With("first_name", "Sarah");

    private static List<string> Subjects(EvaluationResult r) => [.. r.Actions.Select(a => ((EmailAction)a.Action).Subject)];

    [Fact]
    public void Evaluate_JobAudienceMatches_EntersOnceWhileIn()
    {
        var h = new LifecycleHarness(Nudge());
        var p = NewUser();

        var first = h.EvaluatePerson(p);
        h.Advance(TimeSpan.FromHours(1));
        var second = h.EvaluatePerson(p);

        Assert.Equal([TransitionKind.Entered], first.Kinds("onboarding_nudge"));
        Assert.Equal(["Welcome"], Subjects(first));
        Assert.Empty(second.Transitions);
        Assert.Equal(1, p.M("onboarding_nudge").Entries);
    }

    [Fact]
    public void Evaluate_JobGoalMatches_Completes()
    {
        var h = new LifecycleHarness(Nudge());
        var p = NewUser();
        h.EvaluatePerson(p);
        h.Advance(Day);
        p.With("first_project_created", 1);

        var r = h.EvaluatePerson(p);

        var t = Assert.Single(r.For("onboarding_nudge"));
        Assert.Equal(TransitionKind.Completed, t.Kind);
        Assert.Contains("first_project_created >= 1 ✓ (1)", t.Reason, StringComparison.Ordinal);
        Assert.Equal(h.Now, p.M("onboarding_nudge").LastCompleted);
    }

    [Fact]
    public void Evaluate_JobDurationElapsed_Exits()
    {
        var h = new LifecycleHarness(Nudge());
        var p = NewUser();
        h.EvaluatePerson(p);
        h.Advance(TimeSpan.FromDays(10) - TimeSpan.FromSeconds(1));
        Assert.DoesNotContain(h.EvaluatePerson(p).Transitions, t => t.Kind == TransitionKind.Exited);

        h.Advance(TimeSpan.FromSeconds(1));
        var r = h.EvaluatePerson(p);

        var t = Assert.Single(r.For("onboarding_nudge"));
        Assert.Equal(TransitionKind.Exited, t.Kind);
        Assert.Contains("duration 10d elapsed", t.Reason, StringComparison.Ordinal);
        Assert.Equal(h.Now, p.M("onboarding_nudge").LastExited);
    }

    [Fact]
    public void Evaluate_FollowUpsDue_FireOnceEachAtTheirTime()
    {
        var h = new LifecycleHarness(Nudge());
        var p = NewUser();
        h.EvaluatePerson(p);
        var fired = new List<(double Day, string Subject, int Step)>();

        for (var day = 1; day <= 9; day++)
        {
            h.Advance(Day);
            var r = h.EvaluatePerson(p);
            fired.AddRange(r.Transitions.Where(t => t.Kind == TransitionKind.FollowUp)
                .Select(t => (day * 1.0, ((EmailAction)r.Actions.Single(a => a.Transition == t).Action).Subject, t.FollowUpStep)));
            h.EvaluatePerson(p); // evaluating again at the same time fires nothing new
        }

        Assert.Equal([(3.0, "Day3", 0), (7.0, "Day7", 1)], fired);
        Assert.Equal(2, p.M("onboarding_nudge").FollowUpsDone);
    }

    [Fact]
    public void Evaluate_EvaluationLate_FiresEachOverdueFollowUpOnce()
    {
        var h = new LifecycleHarness(Nudge());
        var p = NewUser();
        h.EvaluatePerson(p);
        h.Advance(TimeSpan.FromDays(8));

        var r = h.EvaluatePerson(p);
        h.Advance(TimeSpan.FromHours(1));
        var after = h.EvaluatePerson(p);

        Assert.Equal(["Day3", "Day7"], Subjects(r));
        Assert.Equal([0, 1], r.Transitions.Where(t => t.Kind == TransitionKind.FollowUp).Select(t => t.FollowUpStep));
        Assert.Empty(after.Actions);
    }

    [Fact]
    public void Evaluate_JobCompletedBeforeFollowUp_FollowUpNeverFires()
    {
        var h = new LifecycleHarness(Nudge());
        var p = NewUser();
        h.EvaluatePerson(p);
        h.Advance(TimeSpan.FromDays(2));
        p.With("first_project_created", 1);
        h.EvaluatePerson(p);

        var fired = new List<Transition>();
        for (var day = 3; day <= 12; day++)
        {
            h.Advance(Day);
            fired.AddRange(h.EvaluatePerson(p).Transitions);
        }

        Assert.Empty(fired);
        Assert.Equal(0, p.M("onboarding_nudge").FollowUpsDone);
    }

    [Fact]
    public void Evaluate_JobLeft_ReentersByDefault()
    {
        var h = new LifecycleHarness(Nudge(reentry: ""));
        var p = NewUser();
        h.EvaluatePerson(p);
        h.Advance(TimeSpan.FromDays(10));
        Assert.Equal([TransitionKind.Exited], h.EvaluatePerson(p).Kinds("onboarding_nudge"));

        h.Advance(Day);
        var r = h.EvaluatePerson(p);

        Assert.Equal([TransitionKind.Entered], r.Kinds("onboarding_nudge"));
        var m = p.M("onboarding_nudge");
        Assert.Equal((2, h.Now, 0), (m.Entries, m.LastEntered!.Value, m.FollowUpsDone));
        Assert.Equal(2, r.Transitions.Single().Run);
    }

    [Fact]
    public void Evaluate_JobWithReentryFalse_NeverReentered()
    {
        var h = new LifecycleHarness(Nudge());
        var p = NewUser();
        h.EvaluatePerson(p);
        h.Advance(TimeSpan.FromDays(10));
        h.EvaluatePerson(p);

        h.Advance(Day);
        var r = h.EvaluatePerson(p);

        Assert.Empty(r.Transitions);
        Assert.Equal((MembershipStatus.Exited, 1), (p.M("onboarding_nudge").Status, p.M("onboarding_nudge").Entries));
    }

    [Fact]
    public void Evaluate_JobExcludingItsLastEntered_NeverReentered()
    {
        var h = new LifecycleHarness("""
            jobs:
              - key: welcome
                entity: person
                audience: [ first_project_created = 0, last_entered_welcome has no value ]
                goal: [ first_project_created >= 1 ]
                duration: 2d
            """);
        var p = NewUser();
        h.EvaluatePerson(p);
        h.Advance(TimeSpan.FromDays(2));
        h.EvaluatePerson(p);

        h.Advance(Day);
        var r = h.EvaluatePerson(p);

        Assert.Empty(r.Transitions);
        Assert.Equal(MembershipStatus.Exited, p.M("welcome").Status);
    }

    [Fact]
    public void Evaluate_JobGoalAndDurationTogether_CompletionWins()
    {
        var h = new LifecycleHarness(Nudge());
        var p = NewUser();
        h.EvaluatePerson(p);
        h.Advance(TimeSpan.FromDays(11));
        p.With("first_project_created", 2);

        var r = h.EvaluatePerson(p);

        Assert.Equal([TransitionKind.Completed], r.Kinds("onboarding_nudge"));
    }

    [Fact]
    public void Evaluate_OrganisationJob_EvaluatedOnTheOrganisationNotItsPeople()
    {
        var h = new LifecycleHarness("""
            jobs:
              - key: churn_prevention
                audience: [ renewal_date within next 90 days, last_login more than 30 days ago ]
                reentry: false
                goal: [ engagement_restored = true ]
                duration: 30d
                on_entry: [ { slack: { to: owner, text: "{name} renews {renewal_date}" } } ]
            """);
        var org = LifecycleHarness.Org().With("renewal_date", h.Now.AddDays(60)).With("last_login", h.Now.AddDays(-45));
        var person = LifecycleHarness.Person();

        var r = h.Evaluate(org, person);

        Assert.True(org.IsIn("churn_prevention"));
        Assert.False(person.Entered("churn_prevention"));
        Assert.Equal("owner", ((SlackAction)Assert.Single(r.Actions).Action).To);
    }
}
