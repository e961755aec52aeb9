using Trig.Crm.Lifecycle.Evaluation;

namespace Trig.Crm.Lifecycle.Tests.Evaluation;

public sealed class SignalTests
{
    private const string Definitions = """
        stages:
          - key: onboarding
            audience: [ license_type = trial ]
            exit: { after: 30d }
            objectives:
              - { key: first_project, completion: [ projects_created >= 1 ] }
              - { key: team, completion: [ team_members >= 2 ] }
        signals:
          - key: slow_onboarding
            type: slow_completers
            stage: onboarding
            factor: 1.5
            min_completions: 10
            arr_attribute: arr
        """;

    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    /// <summary>
    /// Ten organisations enter onboarding now and complete first_project 2 days later (benchmark 2 days);
    /// only five complete team (below min_completions, so never a benchmark).
    /// </summary>
    private static List<EntityState> Cohort(LifecycleHarness h)
    {
        var orgs = Enumerable.Range(0, 10).Select(i => LifecycleHarness.Org($"done-{i}").With("license_type", "trial")).ToList();
        orgs.ForEach(o => h.Evaluate(o));
        h.Advance(TimeSpan.FromDays(2));
        for (var i = 0; i < orgs.Count; i++)
        {
            orgs[i].With("projects_created", 1);
            if (i < 5)
            {
                orgs[i].With("team_members", 2);
            }

            h.Evaluate(orgs[i]);
        }

        return orgs;
    }

    [Fact]
    public void Benchmark_MeanTimeFromStageEntryToObjective()
    {
        var h = new LifecycleHarness(Definitions);
        var orgs = Cohort(h);

        var b = BenchmarkCalculator.Compute(h.Set, orgs);

        Assert.Equal(new Benchmark("onboarding", "first_project", TimeSpan.FromDays(2), 10), b[("onboarding", "first_project")]);
        Assert.Equal(5, b[("onboarding", "team")].Completions);
    }

    [Fact]
    public void Benchmark_CompletionsAtStageEntry_CountAsZeroDays()
    {
        var h = new LifecycleHarness(Definitions);
        var orgs = Cohort(h);
        var atEntry = Enumerable.Range(0, 10).Select(i => LifecycleHarness.Org($"entry-{i}").With("license_type", "trial").With("projects_created", 1)).ToList();
        atEntry.ForEach(o => h.Evaluate(o));
        Assert.All(atEntry, o => Assert.Equal(o.M("onboarding").EnteredAt, o.M("first_project").LastCompleted));

        var b = BenchmarkCalculator.Compute(h.Set, [.. orgs, .. atEntry]);

        Assert.Equal(new Benchmark("onboarding", "first_project", TimeSpan.FromDays(1), 20), b[("onboarding", "first_project")]);
    }

    [Fact]
    public void Evaluate_TimeInStageOverFactorTimesBenchmark_FlagsSlowObjectives()
    {
        var h = new LifecycleHarness(Definitions);
        var orgs = Cohort(h);
        var slow = LifecycleHarness.Org("slow").With("license_type", "trial").With("arr", 48000);
        h.Evaluate(slow);
        h.Benchmarks = BenchmarkCalculator.Compute(h.Set, orgs);

        h.Advance(TimeSpan.FromDays(3)); // exactly 1.5 × 2 days: not yet over
        h.Evaluate(slow);
        Assert.False(slow.Entered("slow_onboarding"));

        h.Advance(TimeSpan.FromHours(1));
        var r = h.Evaluate(slow);

        var m = slow.M("slow_onboarding");
        Assert.True(m.IsActive);
        Assert.Equal("first_project", m.Detail); // team has only 5 completions: no benchmark
        Assert.Contains("slow on first_project", Assert.Single(r.For("slow_onboarding")).Reason, StringComparison.Ordinal);
        Assert.Equal(["first_project"], Evaluator.SlowObjectives(new EvaluationInput(h.Set, h.Runtime, h.Benchmarks, h.Now), h.Set.ByKey["onboarding"], h.Set.ByKey["slow_onboarding"].Signal!, slow));
        Assert.Equal(48000, slow.Get(h.Set.ByKey["slow_onboarding"].Signal!.ArrAttribute!).AsNumber);
    }

    [Fact]
    public void Evaluate_TooFewCompletions_NeverFlags()
    {
        var h = new LifecycleHarness(Definitions.Replace("min_completions: 10", "min_completions: 11", StringComparison.Ordinal));
        var orgs = Cohort(h);
        var slow = LifecycleHarness.Org("slow").With("license_type", "trial");
        h.Evaluate(slow);
        h.Benchmarks = BenchmarkCalculator.Compute(h.Set, orgs);

        h.Advance(TimeSpan.FromDays(20));
        h.Evaluate(slow);

        Assert.False(slow.Entered("slow_onboarding"));
    }

    [Fact]
    public void Evaluate_SlowObjectiveCompleted_LeavesSignal()
    {
        var h = new LifecycleHarness(Definitions);
        var orgs = Cohort(h);
        var slow = LifecycleHarness.Org("slow").With("license_type", "trial");
        h.Evaluate(slow);
        h.Benchmarks = BenchmarkCalculator.Compute(h.Set, orgs);
        h.Advance(TimeSpan.FromDays(4));
        h.Evaluate(slow);
        Assert.True(slow.IsIn("slow_onboarding"));

        h.Advance(Day);
        slow.With("projects_created", 1);
        var r = h.Evaluate(slow);

        Assert.Equal([TransitionKind.Completed], r.Kinds("first_project"));
        Assert.Equal([TransitionKind.Exited], r.Kinds("slow_onboarding"));
        Assert.True(slow.IsIn("onboarding"));
    }

    [Fact]
    public void Evaluate_StageEnds_LeavesSignal()
    {
        var h = new LifecycleHarness(Definitions);
        var orgs = Cohort(h);
        var slow = LifecycleHarness.Org("slow").With("license_type", "trial");
        h.Evaluate(slow);
        h.Benchmarks = BenchmarkCalculator.Compute(h.Set, orgs);
        h.Advance(TimeSpan.FromDays(4));
        h.Evaluate(slow);
        Assert.True(slow.IsIn("slow_onboarding"));

        h.Advance(TimeSpan.FromDays(26));
        var r = h.Evaluate(slow);

        Assert.Equal([TransitionKind.Exited], r.Kinds("onboarding"));
        Assert.Equal([TransitionKind.Exited], r.Kinds("slow_onboarding"));
    }

    [Fact]
    public void Evaluate_SignalReentersWhenSlowAgain()
    {
        var h = new LifecycleHarness(Definitions);
        var orgs = Cohort(h);
        var slow = LifecycleHarness.Org("slow").With("license_type", "trial");
        h.Evaluate(slow);
        h.Benchmarks = BenchmarkCalculator.Compute(h.Set, orgs);
        h.Advance(TimeSpan.FromDays(4));
        h.Evaluate(slow);

        // A faster benchmark arrives, then a slower one: the signal is recomputed each time.
        h.Benchmarks = new() { [("onboarding", "first_project")] = new Benchmark("onboarding", "first_project", TimeSpan.FromDays(10), 10) };
        h.Evaluate(slow);
        Assert.False(slow.IsIn("slow_onboarding"));
        h.Benchmarks = new() { [("onboarding", "first_project")] = new Benchmark("onboarding", "first_project", TimeSpan.FromDays(1), 10) };
        h.Evaluate(slow);

        Assert.True(slow.IsIn("slow_onboarding"));
        Assert.Equal(2, slow.M("slow_onboarding").Entries);
    }
}
