using Trig.Crm.Engine.Insights;
using Trig.Crm.Store;

namespace Trig.Crm.Engine.Tests.Insights;

/// <summary>The nudge job of <see cref="InsightsData.SeedAsync"/>: every run counts, re-entries included.</summary>
public sealed class JobAnalysisTests : IAsyncLifetime
{
    private InsightsData _data = null!;

    public async Task InitializeAsync()
    {
        _data = await InsightsData.CreateAsync();
        await _data.SeedAsync();
    }

    public async Task DisposeAsync() => await _data.DisposeAsync();

    [Fact]
    public async Task Job_CountsEveryRun_MedianTimeToGoal_StepBeforeCompletion_AndActions()
    {
        // 9 actions were queued: an entry message for each of the 6 runs, a follow-up for the 3 runs that reached day 3.
        // Deliver some: 2 sent, 1 dead-lettered, 1 waiting for its channel; 5 stay queued.
        var rows = (await _data.Temp.Store.ListAsync(new OutboxQuery(DefinitionKey: "nudge"), 20, default)).Select(r => r.Item.Id).Order().ToList();
        Assert.Equal(9, rows.Count);
        var now = _data.Temp.Clock.GetUtcNow();
        foreach (var (id, status) in new[] { (rows[0], OutboxStatus.Sent), (rows[1], OutboxStatus.Sent), (rows[2], OutboxStatus.Dead), (rows[3], OutboxStatus.Waiting) })
        {
            await _data.Temp.Store.CompleteAsync(id, status, null, null, null, now, default);
        }

        var report = await new JobAnalysis(_data.Temp.Store, _data.Catalog).RunAsync("nudge", default);

        // Runs: 01#1 0→5, 01#2 20→21, 02#1 0→exit, 02#2 15→17, 03#1 active, 04#1 0→7: 6 entered (4 entities), 4 completed,
        // 1 exited, 1 active; rate 4 ÷ (4 + 1) = 0.8. Days to goal 5, 1, 2, 7 → sorted 1, 2, 5, 7: median (2 + 5) / 2 = 3.5, mean 15/4.
        Assert.Equal((6, 4, 1, 1), (report.Entered, report.Completed, report.Exited, report.Active));
        Assert.Equal(0.8, report.CompletionRate!.Value, 12);
        Assert.Equal((4, 3.5, 3.75), (report.DaysToGoal.Count, report.DaysToGoal.Median!.Value, report.DaysToGoal.Mean!.Value));
        // Completed after the entry message only: 01#2, 02#2; after follow-up 1 (day 3): 01#1, 04#1.
        Assert.Equal([(0, "on entry", 2), (1, "follow-up 1 (after 3d)", 2)], report.CompletedAfter.Select(s => (s.Step, s.Label, s.Completions)));
        Assert.Equal(new JobActions(Sent: 2, Failed: 1, Waiting: 1, Queued: 5, Done: 0, Skipped: 0), report.Actions);
    }
}
