using Trig.Crm.Lifecycle.Evaluation;

namespace Trig.Crm.Lifecycle.Tests.Criteria;

/// <summary>Each condition form, evaluated through a cohort: membership is exactly "the criteria match now".</summary>
public sealed class CriteriaEvaluationTests
{
    private static readonly DateTimeOffset Now = LifecycleHarness.Start;

    private static bool Matches(string condition, Action<EntityState> setup)
    {
        var h = new LifecycleHarness($"""
            cohorts:
              - key: c
                criteria:
                  - '{condition}'
            """);
        var org = LifecycleHarness.Org();
        setup(org);
        h.Evaluate(org);
        return org.IsIn("c");
    }

    [Fact]
    public void Evaluate_Equals_MatchesCaseInsensitively()
    {
        Assert.True(Matches("plan = Premium", o => o.With("plan", "Premium")));
        Assert.True(Matches("plan = Premium", o => o.With("plan", "premium")));
        Assert.False(Matches("plan = Premium", o => o.With("plan", "Free")));
        Assert.False(Matches("plan = Premium", _ => { }));
    }

    [Fact]
    public void Evaluate_NotEquals_MissingValueIsNotEqual()
    {
        Assert.True(Matches("plan != Premium", o => o.With("plan", "Free")));
        Assert.True(Matches("plan != Premium", _ => { }));
        Assert.False(Matches("plan != Premium", o => o.With("plan", "Premium")));
    }

    [Theory]
    [InlineData("seats > 5", 6, true)]
    [InlineData("seats > 5", 5, false)]
    [InlineData("seats >= 5", 5, true)]
    [InlineData("seats >= 5", 4, false)]
    [InlineData("seats < 5", 4, true)]
    [InlineData("seats < 5", 5, false)]
    [InlineData("seats <= 5", 5, true)]
    [InlineData("seats <= 5", 6, false)]
    [InlineData("seats = 5", 5, true)]
    [InlineData("seats != 5", 5, false)]
    public void Evaluate_NumberComparison(string condition, double seats, bool expected) =>
        Assert.Equal(expected, Matches(condition, o => o.With("seats", seats)));

    [Fact]
    public void Evaluate_NumberComparison_MissingValueNeverMatches()
    {
        Assert.False(Matches("seats >= 0", _ => { }));
        Assert.False(Matches("seats < 100", _ => { }));
    }

    [Fact]
    public void Evaluate_DateTimeComparison_AgainstLiteral()
    {
        Assert.True(Matches("renewal_date < 2025-06-01", o => o.With("renewal_date", new DateTimeOffset(2025, 5, 31, 0, 0, 0, TimeSpan.Zero))));
        Assert.False(Matches("renewal_date < 2025-06-01", o => o.With("renewal_date", new DateTimeOffset(2025, 6, 2, 0, 0, 0, TimeSpan.Zero))));
    }

    [Fact]
    public void Evaluate_BoolEquals()
    {
        Assert.True(Matches("setup_completed = true", o => o.With("setup_completed", true)));
        Assert.False(Matches("setup_completed = true", o => o.With("setup_completed", false)));
        Assert.False(Matches("setup_completed = true", _ => { }));
    }

    [Fact]
    public void Evaluate_InList()
    {
        Assert.True(Matches("plan in [Premium, Enterprise]", o => o.With("plan", "Enterprise")));
        Assert.False(Matches("plan in [Premium, Enterprise]", o => o.With("plan", "Free")));
        Assert.False(Matches("plan in [Premium, Enterprise]", _ => { }));
    }

    [Fact]
    public void Evaluate_NotInList()
    {
        Assert.True(Matches("plan not in [Premium, Enterprise]", o => o.With("plan", "Free")));
        Assert.True(Matches("plan not in [Premium, Enterprise]", _ => { }));
        Assert.False(Matches("plan not in [Premium, Enterprise]", o => o.With("plan", "Premium")));
    }

    [Fact]
    public void Evaluate_Contains_SubstringAndListMember()
    {
        Assert.True(Matches("name contains \"Inc\"", o => o.With("name", "Acme inc.")));
        Assert.False(Matches("name contains \"Inc\"", o => o.With("name", "Acme Ltd")));
        Assert.True(Matches("tags contains vip", o => o.WithList("tags", "beta", "VIP")));
        Assert.False(Matches("tags contains vip", o => o.WithList("tags", "beta", "vipx")));
        Assert.True(Matches("name does not contain Inc", o => o.With("name", "Acme Ltd")));
    }

    [Fact]
    public void Evaluate_WithinLast()
    {
        Assert.True(Matches("first_session_date within last 7 days", o => o.With("first_session_date", Now.AddDays(-6))));
        Assert.True(Matches("first_session_date within last 7 days", o => o.With("first_session_date", Now)));
        Assert.False(Matches("first_session_date within last 7 days", o => o.With("first_session_date", Now.AddDays(-8))));
        Assert.False(Matches("first_session_date within last 7 days", o => o.With("first_session_date", Now.AddDays(1))));
        Assert.False(Matches("first_session_date within last 7 days", _ => { }));
    }

    [Fact]
    public void Evaluate_WithinNext()
    {
        Assert.True(Matches("renewal_date within next 90 days", o => o.With("renewal_date", Now.AddDays(89))));
        Assert.False(Matches("renewal_date within next 90 days", o => o.With("renewal_date", Now.AddDays(91))));
        Assert.False(Matches("renewal_date within next 90 days", o => o.With("renewal_date", Now.AddDays(-1))));
    }

    [Theory]
    [InlineData("last_login more than 30 days ago")]
    [InlineData("last_login > 30 days ago")]
    public void Evaluate_MoreThanDaysAgo(string condition)
    {
        Assert.True(Matches(condition, o => o.With("last_login", Now.AddDays(-31))));
        Assert.False(Matches(condition, o => o.With("last_login", Now.AddDays(-29))));
        Assert.False(Matches(condition, _ => { }));
    }

    [Fact]
    public void Evaluate_LessThanDaysAgo()
    {
        Assert.True(Matches("last_login < 7 days ago", o => o.With("last_login", Now.AddDays(-2))));
        Assert.False(Matches("last_login < 7 days ago", o => o.With("last_login", Now.AddDays(-8))));
    }

    [Fact]
    public void Evaluate_HasAnyValue()
    {
        Assert.True(Matches("health_status has any value", o => o.With("health_status", "ok")));
        Assert.False(Matches("health_status has any value", o => o.With("health_status", "")));
        Assert.False(Matches("health_status has any value", _ => { }));
    }

    [Fact]
    public void Evaluate_HasNoValue()
    {
        Assert.True(Matches("health_status has no value", _ => { }));
        Assert.True(Matches("health_status has no value", o => o.With("health_status", "")));
        Assert.False(Matches("health_status has no value", o => o.With("health_status", "ok")));
    }

    [Fact]
    public void Evaluate_Occurred()
    {
        Assert.True(Matches("project_created occurred", o => o.Events.Add("project_created", Now.AddHours(-1))));
        Assert.False(Matches("project_created occurred", o => o.Events.Add("login", Now.AddHours(-1))));
        Assert.False(Matches("project_created occurred", o => o.Events.Add("project_created", Now.AddHours(1))));
    }

    [Fact]
    public void Evaluate_OccurredCountWithinWindow()
    {
        const string condition = "invoice_sent occurred >= 3 times within 14 days";
        Assert.True(Matches(condition, o =>
        {
            o.Events.Add("invoice_sent", Now.AddDays(-13));
            o.Events.Add("invoice_sent", Now.AddDays(-5));
            o.Events.Add("invoice_sent", Now.AddDays(-1));
        }));
        Assert.False(Matches(condition, o =>
        {
            o.Events.Add("invoice_sent", Now.AddDays(-20));
            o.Events.Add("invoice_sent", Now.AddDays(-5));
            o.Events.Add("invoice_sent", Now.AddDays(-1));
        }));
    }

    [Fact]
    public void Evaluate_NotOccurred()
    {
        Assert.True(Matches("login has not occurred", _ => { }));
        Assert.False(Matches("login has not occurred", o => o.Events.Add("login", Now.AddDays(-1))));
    }

    [Fact]
    public void Evaluate_NestedAllAny()
    {
        var h = new LifecycleHarness("""
            cohorts:
              - key: c
                criteria:
                  all:
                    - plan in [Premium, Enterprise]
                    - any:
                        - seats >= 10
                        - all:
                            - team_members >= 3
                            - login occurred
            """);
        var bigSeats = LifecycleHarness.Org("a").With("plan", "Premium").With("seats", 12);
        var smallActive = LifecycleHarness.Org("b").With("plan", "Enterprise").With("seats", 2).With("team_members", 3);
        smallActive.Events.Add("login", Now);
        var smallQuiet = LifecycleHarness.Org("c").With("plan", "Premium").With("seats", 2).With("team_members", 3);
        var freeBig = LifecycleHarness.Org("d").With("plan", "Free").With("seats", 50);

        foreach (var o in new[] { bigSeats, smallActive, smallQuiet, freeBig })
        {
            h.Evaluate(o);
        }

        Assert.Equal([true, true, false, false], new[] { bigSeats, smallActive, smallQuiet, freeBig }.Select(o => o.IsIn("c")));
    }

    [Fact]
    public void Evaluate_BareListMeansAll()
    {
        var h = new LifecycleHarness("""
            cohorts:
              - key: c
                criteria: [ plan = Premium, seats >= 5 ]
            """);
        var both = LifecycleHarness.Org("a").With("plan", "Premium").With("seats", 5);
        var one = LifecycleHarness.Org("b").With("plan", "Premium").With("seats", 4);

        h.Evaluate(both);
        h.Evaluate(one);

        Assert.True(both.IsIn("c"));
        Assert.False(one.IsIn("c"));
    }

    [Fact]
    public void Evaluate_PersonCriterion_FallsBackToOrganisationAttribute()
    {
        var h = new LifecycleHarness("""
            cohorts:
              - key: premium_people
                entity: person
                criteria: [ plan = Premium, logins_last_30d >= 1 ]
            """);
        var org = LifecycleHarness.Org().With("plan", "Premium");
        var person = LifecycleHarness.Person().With("logins_last_30d", 3);

        h.Evaluate(org, person);

        Assert.True(person.IsIn("premium_people"));
        Assert.False(org.Entered("premium_people"));
    }

    [Fact]
    public void Evaluate_RelativeDate_TimePassingAloneChangesTheResult()
    {
        var h = new LifecycleHarness("""
            cohorts:
              - key: fresh
                criteria: [ first_session_date within last 7 days ]
            """);
        var org = LifecycleHarness.Org().With("first_session_date", Now.AddDays(-5));

        h.Evaluate(org);
        Assert.True(org.IsIn("fresh"));

        h.Advance(TimeSpan.FromDays(3));
        var r = h.Evaluate(org);

        Assert.False(org.IsIn("fresh"));
        Assert.Equal([TransitionKind.Exited], r.Kinds("fresh"));
    }
}
