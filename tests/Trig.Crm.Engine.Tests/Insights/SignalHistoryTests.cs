using Trig.Crm.Engine.Insights;
using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.Engine.Tests.Insights;

/// <summary>The slow_onboarding signal of <see cref="InsightsData.SeedAsync"/>: snapshots and the daily history.</summary>
public sealed class SignalHistoryTests : IAsyncLifetime
{
    private InsightsData _data = null!;

    public async Task InitializeAsync()
    {
        _data = await InsightsData.CreateAsync();
        await _data.SeedAsync();
    }

    public async Task DisposeAsync() => await _data.DisposeAsync();

    private SignalHistory History() => new(_data.Temp.Store, _data.Catalog, _data.Temp.Clock);

    [Fact]
    public async Task Snapshot_TwiceOnOneDay_KeepsOneRowWithTheLaterNumbers_NextDayAddsARow()
    {
        // Day 44: members 11, 12, 14; ARR 1000 + 2000 + 500 = 3500; org-14 entered that day.
        _data.Temp.Clock.SetUtcNow(InsightsData.Day(44.5));
        Assert.Equal(1, await History().SnapshotAsync(default));
        await _data.Temp.Store.SetAttributesAsync([new AttributeChange(EntityKind.Organisation, "org-14", "arr", AttributeValue.Of(1500d))], default);
        _data.Temp.Clock.SetUtcNow(InsightsData.Day(44.6));
        await History().SnapshotAsync(default);

        var day44 = Assert.Single(await _data.Temp.Store.SignalSnapshotsAsync("slow_onboarding", default));
        Assert.Equal((new DateOnly(2026, 11, 14), 3, 4500d), (day44.Day, day44.Members, day44.ArrAtRisk));
        Assert.Equal(["org-14"], day44.Entered);
        Assert.Empty(day44.Left);

        _data.Temp.Clock.SetUtcNow(InsightsData.Day(45.5));
        await History().SnapshotAsync(default);
        Assert.Equal(2, (await _data.Temp.Store.SignalSnapshotsAsync("slow_onboarding", default)).Count);
    }

    [Fact]
    public async Task Report_RebuildsMembersPerDayFromTheDayItWentLive_AndJoinsTheSnapshots()
    {
        _data.Temp.Clock.SetUtcNow(InsightsData.Day(44.5));
        await History().SnapshotAsync(default);
        _data.Temp.Clock.SetUtcNow(InsightsData.Day(45.2));

        var report = await History().ReportAsync("slow_onboarding", default);

        // Live since T0 (2026-10-01) through day 45 (2026-11-15): 46 days.
        Assert.Equal(46, report.Days.Count);
        Assert.Equal(new DateOnly(2026, 10, 1), report.Days[0].Day);
        var d40 = report.Days[40];
        Assert.Equal((3, 3, 0), (d40.Members, d40.Entered.Count, d40.Left.Count)); // 11, 12, 13 entered
        Assert.Equal(2, report.Days[41].Members);
        Assert.Equal(["org-13"], report.Days[41].Left);
        Assert.Equal((3, 3, 3500d), (report.Days[44].Members, report.Days[44].SnapshotMembers!.Value, report.Days[44].ArrAtRisk!.Value));
        Assert.Null(report.Days[45].ArrAtRisk); // no snapshot that day
        Assert.Equal((3, 3500d), (report.Members, report.ArrAtRisk!.Value));
        Assert.Equal(InsightsData.T0, report.LiveSince);
    }
}
