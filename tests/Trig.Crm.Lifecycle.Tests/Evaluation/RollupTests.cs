using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.Lifecycle.Tests.Evaluation;

public sealed class RollupTests
{
    private const string Rollups = """
        rollups:
          - { key: active_users, function: count, filter: [ logins_last_30d >= 1 ] }
          - { key: people, function: count }
          - { key: total_logins, function: sum, source: logins_last_30d }
          - { key: avg_active_logins, function: avg, source: logins_last_30d, filter: [ logins_last_30d >= 1 ] }
          - { key: min_admin_logins, function: min, source: logins_last_30d, filter: [ is_admin = true ] }
          - { key: max_logins, function: max, source: logins_last_30d }
        cohorts:
          - key: active_team
            criteria: [ active_users >= 2 ]
        """;

    private static EntityState User(string id, double logins, bool admin = false) =>
        LifecycleHarness.Person(id).With("logins_last_30d", logins).With("is_admin", admin);

    [Fact]
    public void Evaluate_Rollups_AggregatePeopleWithFilters()
    {
        var h = new LifecycleHarness(Rollups);
        var org = LifecycleHarness.Org();

        h.Evaluate(org, User("a", 10, admin: true), User("b", 4, admin: true), User("c", 0), User("d", 30));

        Assert.Equal(3, org.Get("active_users").AsNumber);
        Assert.Equal(4, org.Get("people").AsNumber);
        Assert.Equal(44, org.Get("total_logins").AsNumber);
        Assert.Equal(44d / 3, org.Get("avg_active_logins").AsNumber, 9);
        Assert.Equal(4, org.Get("min_admin_logins").AsNumber);
        Assert.Equal(30, org.Get("max_logins").AsNumber);
    }

    [Fact]
    public void Evaluate_Rollups_FeedOrganisationCriteriaInTheSamePass()
    {
        var h = new LifecycleHarness(Rollups);
        var org = LifecycleHarness.Org();

        h.Evaluate(org, User("a", 1), User("b", 0));
        Assert.False(org.Entered("active_team"));

        h.Evaluate(org, User("a", 1), User("b", 2));
        Assert.True(org.IsIn("active_team"));
    }

    [Fact]
    public void Evaluate_Rollups_NoMatchingPeople()
    {
        var h = new LifecycleHarness(Rollups);
        var org = LifecycleHarness.Org();

        h.Evaluate(org, User("c", 0));

        Assert.Equal(0, org.Get("active_users").AsNumber);
        Assert.Equal(0, org.Get("total_logins").AsNumber);
        Assert.True(org.Get("avg_active_logins").IsNone);
        Assert.True(org.Get("min_admin_logins").IsNone);
        Assert.Equal(ValueKind.Number, org.Get("max_logins").Kind);
    }

    [Fact]
    public void Explain_FreshlyLoadedOrganisation_ShowsTheRollupValueTheAudienceReads()
    {
        var h = new LifecycleHarness(Rollups);
        var org = LifecycleHarness.Org(); // as loaded from the store: roll-ups are not stored attributes
        var unit = new EvaluationUnit(org, [User("a", 10), User("b", 4), User("c", 0)]);

        var x = Evaluator.Explain(new EvaluationInput(h.Set, h.Runtime, h.Benchmarks, h.Now), unit, org, h.Set.ByKey["active_team"]);

        var only = Assert.Single(x.Audience!.Children);
        Assert.Equal(("active_users >= 2", true, "2"), (only.Text, only.Result, only.Observed));
    }
}
