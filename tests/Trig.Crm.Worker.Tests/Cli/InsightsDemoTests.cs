using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Trig.Crm.Engine.Demo;
using Trig.Crm.Engine.Insights;
using Trig.Crm.Store;
using Trig.Crm.Testing;
using Trig.Crm.Testing.Stores;
using Trig.Crm.Worker.Hosting;

namespace Trig.Crm.Worker.Tests.Cli;

/// <summary>
/// What <c>trig insights retention --outcome "subscription_status = active" --within 7d</c> finds on the demo store
/// (the README's example): the demo plants "invited a team member in the first week retains far better", and the
/// ranking must put that objective first with a gap whose whole 95% interval is above zero.
/// </summary>
public sealed class InsightsDemoTests : IDisposable
{
    // The demo's default size, as in the README's output.
    private const int Organisations = 500;
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
    private readonly TempStore _store = new("insights-demo");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _store.Dispose();
    }

    [Fact]
    public async Task Retention_OnTheDemo_RanksInvitedTeamMemberFirst_WithAPositiveGap()
    {
        using var host = TrigHost.BuildCli(
            [_store.Arg, $"--Trig:Definitions:Path={RepoPaths.SampleLifecycle}"],
            b => b.Services.AddSingleton<TimeProvider>(new FakeTimeProvider(Now)));
        await host.Services.GetRequiredService<ITrigStore>().MigrateAsync(default);
        await host.Services.GetRequiredService<DemoRunner>().RunAsync(Organisations, null, default);

        var report = await host.Services.GetRequiredService<RetentionAnalysis>()
            .RunAsync(new RetentionRequest("subscription_status = active", null, null, TimeSpan.FromDays(7)), default);

        Assert.True(report.Ranked.Count >= 2, $"{report.Ranked.Count} items ranked");
        var first = report.Ranked[0];
        Assert.Equal(("invited_team_member", "onboarding"), (first.Key, first.Stage));
        Assert.True(first.GapPoints > 0 && first.GapLowPoints > 0, $"gap {first.GapPoints} [{first.GapLowPoints}, {first.GapHighPoints}]");
        Assert.True(first.DoerRetention > first.NonDoerRetention);
        // Ranked by gap: nothing below it has a larger one.
        Assert.All(report.Ranked.Skip(1), i => Assert.True(i.GapPoints <= first.GapPoints, $"{i.Key} {i.GapPoints} > {first.GapPoints}"));
    }
}
