using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Testing.Stores;

namespace Trig.Crm.Store.Tests.Contract;

public abstract class StoreMetricsContract : StoreContract
{
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    private const string Yaml = """
        schema:
          organisation: { plan: string, arr: number, license_type: string, projects_created: number }
        jobs:
          - key: upsell
            entity: organisation
            audience: [ plan = Starter ]
            goal: [ plan = Enterprise ]
            reentry: true
            duration: 60d
        cohorts:
          - key: trials
            entity: organisation
            criteria: [ license_type = trial ]
        stages:
          - key: onboarding
            audience: [ license_type = trial ]
            exit: { after: 60d }
            objectives:
              - { key: first_project, completion: [ projects_created >= 1 ] }
        signals:
          - key: slow_onboarding
            type: slow_completers
            stage: onboarding
            factor: 1.5
            min_completions: 1
            arr_attribute: arr
        """;

    private static DefinitionSet Set()
    {
        var result = DefinitionLoader.Load([("defs.yaml", Yaml)]);
        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Diagnostics));
        return result.Set!;
    }

    private static async Task CycleAsync(IStoreUnderTest t, DefinitionSet set)
    {
        var now = t.Clock.GetUtcNow();
        var runtime = await t.Store.SyncDefinitionsAsync(set, now, default);
        var units = await t.Store.LoadUnitsAsync(null, null, default);
        var benchmarks = BenchmarkCalculator.Compute(set, units.Select(u => u.Organisation).OfType<EntityState>());
        var result = Evaluator.EvaluateAll(new EvaluationInput(set, runtime, benchmarks, now), units);
        await t.Store.CommitAsync(result, set, now, default);
    }

    private static Task SetAsync(IStoreUnderTest t, string id, string name, AttributeValue value) =>
        t.Store.UpsertAsync([new CrmRecord(EntityKind.Organisation, id, null, new Dictionary<string, AttributeValue> { [name] = value })], default);

    [StoreFact]
    public async Task Metrics_JobRunTwice_MedianAndMeanCountEveryRun()
    {
        await using var t = await NewStoreAsync();
        var set = Set();
        await SetAsync(t, "org-1", "plan", AttributeValue.Of("Starter"));
        await CycleAsync(t, set);
        t.Clock.Advance(2 * Day);
        await SetAsync(t, "org-1", "plan", AttributeValue.Of("Enterprise"));
        await CycleAsync(t, set); // run 1 completes after 2 days
        t.Clock.Advance(Day);
        await SetAsync(t, "org-1", "plan", AttributeValue.Of("Starter"));
        await CycleAsync(t, set);
        t.Clock.Advance(4 * Day);
        await SetAsync(t, "org-1", "plan", AttributeValue.Of("Enterprise"));
        await CycleAsync(t, set); // run 2 completes after 4 days

        var upsell = Assert.Single(await t.Store.MetricsAsync(set, default), m => m.Key == "upsell");

        Assert.Equal((2, 2, 0), (upsell.Entered, upsell.Completed, upsell.Exited));
        Assert.Equal(3d, upsell.MedianDaysToComplete!.Value, 6);
        Assert.Equal(3d, upsell.MeanDaysToComplete!.Value, 6);
        Assert.Equal(1d, upsell.CompletionRate);
    }

    [StoreFact]
    public async Task Metrics_EvenCountOfRuns_MedianIsTheMeanOfTheTwoMiddleOnes_AndTheMeanIsOfAll()
    {
        await using var t = await NewStoreAsync();
        var set = Set();
        foreach (var id in new[] { "org-1", "org-2", "org-3", "org-4" })
        {
            await SetAsync(t, id, "plan", AttributeValue.Of("Starter"));
        }

        await CycleAsync(t, set);
        var elapsed = 0;
        foreach (var (id, days) in new[] { ("org-1", 1), ("org-2", 2), ("org-3", 4), ("org-4", 9) })
        {
            t.Clock.Advance((days - elapsed) * Day);
            elapsed = days;
            await SetAsync(t, id, "plan", AttributeValue.Of("Enterprise"));
            await CycleAsync(t, set); // completes after `days` days
        }

        var upsell = Assert.Single(await t.Store.MetricsAsync(set, default), m => m.Key == "upsell");

        Assert.Equal((4, 4, 0), (upsell.Entered, upsell.Completed, upsell.Exited));
        Assert.Equal(3d, upsell.MedianDaysToComplete!.Value, 6); // (2 + 4) / 2
        Assert.Equal(4d, upsell.MeanDaysToComplete!.Value, 6); // (1 + 2 + 4 + 9) / 4
    }

    [StoreFact]
    public async Task Metrics_CohortsAndSignals_HaveNoCompletionRate_SignalReportsFlaggedAndArrAtRisk()
    {
        await using var t = await NewStoreAsync();
        var set = Set();
        await t.Store.UpsertAsync(
            [.. new[] { ("fast", 0d), ("slow-1", 48000d), ("slow-2", 12000d) }.Select(o => new CrmRecord(EntityKind.Organisation, o.Item1, null,
                new Dictionary<string, AttributeValue> { ["license_type"] = AttributeValue.Of("trial"), ["arr"] = AttributeValue.Of(o.Item2) }))],
            default);
        await CycleAsync(t, set);
        t.Clock.Advance(2 * Day);
        await SetAsync(t, "fast", "projects_created", AttributeValue.Of(1d));
        await CycleAsync(t, set); // benchmark: 2 days
        t.Clock.Advance(2 * Day);
        await CycleAsync(t, set); // slow-1 and slow-2: 4 days > 1.5 × 2 days
        t.Clock.Advance(Day);
        await SetAsync(t, "slow-2", "projects_created", AttributeValue.Of(1d)); // leaves the signal
        await SetAsync(t, "fast", "license_type", AttributeValue.Of("commercial")); // leaves the cohort
        await CycleAsync(t, set);

        var metrics = (await t.Store.MetricsAsync(set, default)).ToDictionary(m => m.Key, StringComparer.Ordinal);

        Assert.Equal((3, 1, 2), (metrics["trials"].Entered, metrics["trials"].Exited, metrics["trials"].Active));
        Assert.Null(metrics["trials"].CompletionRate);
        Assert.Null(metrics["trials"].FlaggedOrganisations);
        var signal = metrics["slow_onboarding"];
        Assert.Equal(DefinitionKind.Signal, signal.Kind);
        Assert.Null(signal.CompletionRate);
        Assert.Equal((2, 1), (signal.Entered, signal.Exited));
        Assert.Null(signal.MedianDaysToComplete);
        Assert.Equal(1, signal.FlaggedOrganisations);
        Assert.Equal(48000d, signal.ArrAtRisk);
        Assert.Equal(1d, metrics["first_project"].CompletionRate);
        // Without a set at hand (the admin API), the store reads the ARR attribute from the definitions it last synced.
        Assert.Equal(48000d, Assert.Single(await t.Store.MetricsAsync(default), m => m.Key == "slow_onboarding").ArrAtRisk);
        Assert.Null(Assert.Single(await t.Open().MetricsAsync(default), m => m.Key == "slow_onboarding").ArrAtRisk);
    }

    [StoreFact]
    public async Task Metrics_DurationsWithinAMinute_ShareOneBucket_MedianIsExactToTheMinute()
    {
        await using var t = await NewStoreAsync();
        var set = Set();
        foreach (var id in new[] { "org-1", "org-2", "org-3" })
        {
            await SetAsync(t, id, "plan", AttributeValue.Of("Starter"));
        }

        await CycleAsync(t, set);
        var start = t.Clock.GetUtcNow();
        // 1 d 30 s, then 2 d 10 s and 2 d 50 s: the last two fall in the same minute.
        foreach (var (id, after) in new[] { ("org-1", Day + TimeSpan.FromSeconds(30)), ("org-2", (2 * Day) + TimeSpan.FromSeconds(10)), ("org-3", (2 * Day) + TimeSpan.FromSeconds(50)) })
        {
            t.Clock.SetUtcNow(start + after);
            await SetAsync(t, id, "plan", AttributeValue.Of("Enterprise"));
            await CycleAsync(t, set);
        }

        var upsell = Assert.Single(await t.Store.MetricsAsync(set, default), m => m.Key == "upsell");

        var minute = 1d / 24 / 60;
        Assert.InRange(upsell.MedianDaysToComplete!.Value, 2d, 2d + minute); // exact: 2 d 10 s
        Assert.Equal(((5 * 86_400d) + 90) / 3 / 86_400d, upsell.MeanDaysToComplete!.Value, 9); // the mean stays exact
    }

    [StoreFact]
    public async Task Metrics_TotalsRebuiltFromTheHistory_EqualTheTotalsTheCommitsKept()
    {
        await using var t = await NewStoreAsync();
        var set = Set();
        foreach (var id in new[] { "org-1", "org-2", "org-3" })
        {
            await SetAsync(t, id, "plan", AttributeValue.Of("Starter"));
            await SetAsync(t, id, "license_type", AttributeValue.Of("trial"));
        }

        await CycleAsync(t, set);
        t.Clock.Advance(Day + TimeSpan.FromMinutes(7));
        await SetAsync(t, "org-1", "plan", AttributeValue.Of("Enterprise"));
        await SetAsync(t, "org-2", "projects_created", AttributeValue.Of(2d));
        await CycleAsync(t, set);
        t.Clock.Advance(3 * Day);
        await SetAsync(t, "org-1", "plan", AttributeValue.Of("Starter"));
        await SetAsync(t, "org-3", "license_type", AttributeValue.Of("commercial"));
        await CycleAsync(t, set);
        t.Clock.Advance(2 * Day);
        await SetAsync(t, "org-1", "plan", AttributeValue.Of("Enterprise"));
        await SetAsync(t, "org-3", "plan", AttributeValue.Of("Enterprise"));
        await CycleAsync(t, set);
        var kept = await t.Store.MetricsAsync(set, default);
        Assert.Contains(kept, m => m is { Key: "upsell", Completed: 3 }); // the history has completions to rebuild

        // What the migration that added the totals runs over an existing store's transitions.
        await t.ExecuteAsync("DELETE FROM transition_totals; DELETE FROM completion_minutes; " + Store.Reporting.MetricTotals.BackfillSql);

        Assert.Equal(kept, await t.Store.MetricsAsync(set, default));
    }
}
