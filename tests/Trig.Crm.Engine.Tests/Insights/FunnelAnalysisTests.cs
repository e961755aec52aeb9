using Trig.Crm.Engine.Insights;

namespace Trig.Crm.Engine.Tests.Insights;

/// <summary>The onboarding funnel of <see cref="InsightsData.SeedAsync"/>, read on day 45.</summary>
public sealed class FunnelAnalysisTests : IAsyncLifetime
{
    private InsightsData _data = null!;

    public async Task InitializeAsync()
    {
        _data = await InsightsData.CreateAsync();
        await _data.SeedAsync();
        _data.Temp.Clock.SetUtcNow(InsightsData.Day(45));
    }

    public async Task DisposeAsync() => await _data.DisposeAsync();

    [Fact]
    public async Task Funnel_CountsRatesMediansAndTheDaysInStage()
    {
        var report = await new FunnelAnalysis(_data.Temp.Store, _data.Catalog, _data.Temp.Clock).RunAsync("onboarding", default);

        // Stage: 20 entered; completed 01, 02, 03 (days 5, 6, 12); exited 04..10; 11..20 still in it.
        // Completion rate = 3 ÷ (3 + 7) = 0.3. Days to complete 5, 6, 12: median 6, mean 23/3.
        Assert.Equal((20, 3, 7, 10), (report.Entered, report.Completed, report.Exited, report.Active));
        Assert.Equal(0.3, report.CompletionRate!.Value, 12);
        Assert.Equal((3, 6d), (report.DaysToComplete.Count, report.DaysToComplete.Median!.Value));
        Assert.Equal(23d / 3, report.DaysToComplete.Mean!.Value, 12);

        // first_project: completed on days 1, 2, 4, 9 after stage entry (an even count: median = (2 + 4) / 2 = 3,
        // mean = 16 / 4 = 4); exited 05..10 when the stage ended → rate 4 ÷ (4 + 6) = 0.4.
        var o = Assert.Single(report.Objectives);
        Assert.Equal(("first_project", 20, 4, 6), (o.Key, o.Entered, o.Completed, o.Exited));
        Assert.Equal(0.4, o.CompletionRate!.Value, 12);
        Assert.Equal((4, 3d, 4d), (o.DaysFromStageEntry.Count, o.DaysFromStageEntry.Median!.Value, o.DaysFromStageEntry.Mean!.Value));

        // Days in stage: 5 and 6 (completed) → 0-7d; 12 (completed) → 7-14d; 30 (exited 04..10) and 45 (still in: 11..20) → 30-60d.
        Assert.Equal(
            [("0-7d", 2, 0, 2, 0), ("7-14d", 1, 0, 1, 0), ("14-30d", 0, 0, 0, 0), ("30-60d", 17, 10, 0, 7), ("60-90d", 0, 0, 0, 0), ("90d+", 0, 0, 0, 0)],
            report.DaysInStage.Select(b => (b.Label, b.Total, b.Active, b.Completed, b.Exited)));
    }

    [Fact]
    public async Task Funnel_UnknownOrNonStageKey_IsNotFound()
    {
        var analysis = new FunnelAnalysis(_data.Temp.Store, _data.Catalog, _data.Temp.Clock);

        var ex = await Assert.ThrowsAsync<InsightsRequestException>(() => analysis.RunAsync("invited_teammate", default));

        Assert.True(ex.NotFound);
        Assert.Equal("no stage 'invited_teammate' (known: onboarding)", ex.Message);
    }
}
