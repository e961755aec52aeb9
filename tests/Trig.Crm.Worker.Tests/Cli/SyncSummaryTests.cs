using Trig.Crm.Engine.Cycle;
using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Store;
using Trig.Crm.Worker.Cli;

namespace Trig.Crm.Worker.Tests.Cli;

/// <summary>The <c>sync --once</c> text summary's measurement table.</summary>
public sealed class SyncSummaryTests
{
    private static string Print(params DefinitionMetrics[] metrics)
    {
        var report = new CycleReport
        {
            At = new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero),
            Provider = "local",
            DefinitionsVersion = "v1",
            Transitions = [],
            Notes = [],
            Metrics = metrics,
        };
        using var o = new StringWriter();
        SyncCommand.Print(report, o);
        return o.ToString();
    }

    [Fact]
    public void Print_CohortAndSignal_ShowNoCompletionRate_SignalShowsFlaggedAndArrAtRisk_WithLegend()
    {
        var text = Print(
            new DefinitionMetrics("upsell", 4, 3, 1, 0, 0.75, 2, 2) { Kind = DefinitionKind.Job },
            new DefinitionMetrics("trials", 3, 0, 1, 2, null, null, null) { Kind = DefinitionKind.Cohort },
            new DefinitionMetrics("slow_onboarding", 2, 0, 1, 1, null, null, null) { Kind = DefinitionKind.Signal, FlaggedOrganisations = 1, ArrAtRisk = 48000 });

        var lines = text.Split('\n').Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries))).ToList();
        Assert.Contains("upsell 4 3 1 0 75 % 2.0d", lines); // P0, invariant culture
        Assert.Contains("trials 3 0 1 2 none –", lines);
        Assert.Contains("slow_onboarding 2 0 1 1 none –", lines);
        Assert.Contains("completion rate = completed ÷ (completed + exited); cohorts and signals have none", lines);
        Assert.Contains("signal slow_onboarding: 1 organisations flagged, ARR at risk 48,000", lines);
    }
}
