using Trig.Crm.Lifecycle.Actions;
using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Testing;

namespace Trig.Crm.Lifecycle.Tests.Definitions;

public sealed class SampleLifecycleTests
{
    private static DefinitionSet LoadSample()
    {
        var result = DefinitionLoader.Load(RepoPaths.SampleLifecycleFiles());
        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Diagnostics));
        return result.Set!;
    }

    [Fact]
    public void Load_Sample_IsValidWithoutErrorsOrWarnings()
    {
        var result = DefinitionLoader.Load(RepoPaths.SampleLifecycleFiles());

        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Diagnostics));
        Assert.Empty(result.Diagnostics);
        Assert.True(Directory.GetFiles(RepoPaths.SampleLifecycle, "*.yaml").Length >= 4);
    }

    [Theory]
    [InlineData("first_strike_moment", DefinitionKind.Behaviour)]
    [InlineData("power_user_threshold", DefinitionKind.Behaviour)]
    [InlineData("first_project_created", DefinitionKind.Behaviour)]
    [InlineData("setup_moment", DefinitionKind.Behaviour)]
    [InlineData("aha_moment", DefinitionKind.Behaviour)]
    [InlineData("habit_moment", DefinitionKind.Behaviour)]
    [InlineData("ultra_superstar_user", DefinitionKind.Behaviour)]
    [InlineData("dropped_off_during_onboarding", DefinitionKind.Behaviour)]
    [InlineData("onboarding", DefinitionKind.Stage)]
    [InlineData("onboarding_nudge", DefinitionKind.Job)]
    [InlineData("onboarding_stalled", DefinitionKind.Job)]
    [InlineData("invite_team_nudge", DefinitionKind.Job)]
    [InlineData("feature_adoption", DefinitionKind.Job)]
    [InlineData("churn_prevention", DefinitionKind.Job)]
    [InlineData("churn_escalation", DefinitionKind.Job)]
    [InlineData("power_accounts", DefinitionKind.Cohort)]
    [InlineData("new_self_serve", DefinitionKind.Cohort)]
    [InlineData("slow_onboarding", DefinitionKind.Signal)]
    public void Load_Sample_ContainsSeedExample(string key, DefinitionKind kind)
    {
        var set = LoadSample();

        Assert.True(set.ByKey.TryGetValue(key, out var d), $"sample lacks '{key}'");
        Assert.Equal(kind, d.Kind);
    }

    [Fact]
    public void Load_Sample_SeedExamplesHaveTheirSeedShape()
    {
        var set = LoadSample();

        var firstStrike = set.ByKey["first_strike_moment"];
        Assert.Equal(TimeSpan.FromDays(14), firstStrike.TimeLimit);
        Assert.Contains("project_link_clicked occurred", Texts(firstStrike.Completion));

        var onboarding = set.ByKey["onboarding"];
        Assert.Equal(5, onboarding.Objectives.Length);
        Assert.Equal(TimeSpan.FromDays(30), onboarding.ExitAfter);

        var nudge = set.ByKey["onboarding_nudge"];
        Assert.Equal(EntityKind.Person, nudge.Entity);
        Assert.Equal(TimeSpan.FromDays(10), nudge.Duration);
        Assert.Equal([TimeSpan.FromDays(3), TimeSpan.FromDays(7)], nudge.FollowUps.Select(f => f.After));
        Assert.IsType<EmailAction>(Assert.Single(nudge.OnEntry));
        Assert.Equal("onboarding_stalled", Assert.IsType<RouteToAction>(Assert.Single(nudge.OnExit)).Job);

        Assert.Equal(TimeSpan.FromDays(14), set.ByKey["feature_adoption"].Duration);
        Assert.Equal(TimeSpan.FromDays(30), set.ByKey["churn_prevention"].Duration);
        Assert.Contains(set.ByKey["churn_prevention"].OnExit, a => a is RouteToAction { Job: "churn_escalation" });

        var ultra = Assert.IsType<SlackAction>(Assert.Single(set.ByKey["ultra_superstar_user"].OnEntry));
        Assert.Equal("#sales-alerts", ultra.Channel);
        Assert.Contains("@{owner_email}", ultra.Text);

        var dropped = Assert.IsType<SlackAction>(Assert.Single(set.ByKey["dropped_off_during_onboarding"].OnEntry));
        Assert.Equal("owner", dropped.To);

        Assert.Contains("last_completed_onboarding_nudge has any value", Texts(set.ByKey["invite_team_nudge"].Audience));

        var signal = set.ByKey["slow_onboarding"].Signal!;
        Assert.Equal(("slow_completers", "onboarding", "arr"), (signal.Type, signal.StageKey, signal.ArrAttribute));

        Assert.Contains(set.Rollups, r => r is { Key: "active_users", Function: RollupFunction.Count, Filter: not null });
        Assert.Contains(set.Rollups, r => r is { Key: "total_logins", Function: RollupFunction.Sum, Source: "logins_last_30d" });
    }

    [Fact]
    public void Load_Sample_FunnelIsInDependencyOrder()
    {
        var order = LoadSample().Ordered.Select(d => d.Key).ToList();

        Assert.True(order.IndexOf("setup_moment") < order.IndexOf("aha_moment"));
        Assert.True(order.IndexOf("aha_moment") < order.IndexOf("habit_moment"));
        Assert.True(order.IndexOf("onboarding") < order.IndexOf("dropped_off_during_onboarding"));
        Assert.True(order.IndexOf("onboarding") < order.IndexOf("slow_onboarding"));
    }

    private static List<string> Texts(Trig.Crm.Lifecycle.Criteria.Criterion? c) => c switch
    {
        Trig.Crm.Lifecycle.Criteria.AllOf a => [.. a.Children.SelectMany(Texts)],
        Trig.Crm.Lifecycle.Criteria.AnyOf a => [.. a.Children.SelectMany(Texts)],
        null => [],
        _ => [c.Text],
    };
}
