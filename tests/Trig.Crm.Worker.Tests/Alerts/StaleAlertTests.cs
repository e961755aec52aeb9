using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Trig.Crm.Engine.Alerts;
using Trig.Crm.Engine.Cycle;
using Trig.Crm.Store;
using Trig.Crm.Testing;
using Trig.Crm.Testing.Stores;
using Trig.Crm.Testing.Stubs;
using Trig.Crm.Worker.Hosting;
using Trig.Crm.Worker.Tests.Support;

namespace Trig.Crm.Worker.Tests.Alerts;

/// <summary>
/// The stale-evaluation alert end to end: HubSpot (WireMock) rejecting the token makes full cycles fail, and a
/// WireMock Slack receives exactly one alert and exactly one recovery, whatever happens in between or across a restart.
/// </summary>
public sealed class StaleAlertTests : IAsyncLifetime
{
    private const string Channel = "C0ALERTS";
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    private readonly HubSpotStub _hubspot = new();
    private readonly FakeSlack _slack = new();
    private readonly TempStore _store = new("alerts");
    private readonly FakeTimeProvider _time = new(Start);
    private IHost _host = null!;

    public async Task InitializeAsync()
    {
        _hubspot.Companies["101"] = new() { ["name"] = "Acme Labs", ["lifecyclestage"] = "customer", ["annualrevenue"] = "50000" };
        _host = Build();
        await _host.Services.GetRequiredService<ITrigStore>().MigrateAsync(default);
    }

    public Task DisposeAsync()
    {
        _host.Dispose();
        _hubspot.Dispose();
        _slack.Dispose();
        SqliteConnection.ClearAllPools();
        _store.Dispose();
        return Task.CompletedTask;
    }

    private IHost Build(params string[] extra) => TrigHost.BuildCli(
        [
            "--Trig:Crm:Provider=hubspot",
            $"--Trig:HubSpot:AccessToken={HubSpotStub.Token}",
            $"--Trig:HubSpot:BaseUrl={_hubspot.Url}",
            "--Trig:HubSpot:CompanyProperties=name,lifecyclestage,arr:annualrevenue",
            "--Trig:HubSpot:ContactProperties=email,firstname",
            _store.Arg,
            $"--Trig:Definitions:Path={FixtureLifecycle.WriteTo(_store.Directory)}",
            $"--Trig:Slack:BaseUrl={_slack.BaseUrl}",
            "--Trig:Slack:BotToken=xoxb-alerts",
            $"--Trig:Alerts:SlackChannel={Channel}",
            .. extra,
        ],
        b => b.Services.AddSingleton<TimeProvider>(_time));

    private List<FakeSlack.Posted> Alerts() => [.. _slack.Posts.Where(p => p.Channel == Channel)];

    private async Task<bool> CycleAsync()
    {
        _time.Advance(TimeSpan.FromMinutes(15));
        try
        {
            await _host.Services.GetRequiredService<FullCycle>().RunAsync(new FullCycleRequest(Metrics: false), default);
            return true;
        }
        catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
        {
            return false;
        }
    }

    [Fact]
    public async Task TwoFailedCycles_OneStaleMessage_AThirdSendsNothing_RecoverySendsOneMore()
    {
        Assert.True(await CycleAsync());
        _hubspot.StartOutage();
        Assert.False(await CycleAsync());
        Assert.Empty(Alerts()); // one failure is not an alert

        Assert.False(await CycleAsync());
        var stale = Assert.Single(Alerts());
        Assert.Contains("stale", stale.Text, StringComparison.Ordinal);
        Assert.Contains("failed 2 times in a row", stale.Text, StringComparison.Ordinal);
        Assert.Contains("2026-11-24 09:30 UTC", stale.Text, StringComparison.Ordinal); // since the first failure
        Assert.Contains("401", stale.Text, StringComparison.Ordinal); // the last error

        Assert.False(await CycleAsync());
        Assert.Single(Alerts());

        // A restarted process reads the alert state from the store: nothing is resent.
        _host.Dispose();
        _host = Build();
        await _host.Services.GetRequiredService<StaleAlerts>().CheckAsync(default);
        Assert.Single(Alerts());

        _hubspot.EndOutage();
        Assert.True(await CycleAsync());
        Assert.Equal(2, Alerts().Count);
        Assert.Contains("recovered", Alerts()[1].Text, StringComparison.Ordinal);

        Assert.True(await CycleAsync());
        Assert.Equal(2, Alerts().Count);
    }

    [Fact]
    public async Task DefinitionNotEvaluatedForLongerThanStaleAfter_OneMessageNamingIt_ThenOneRecovery()
    {
        _host.Dispose();
        _host = Build("--Trig:Alerts:StaleAfter=01:00:00");
        Assert.True(await CycleAsync());
        var alerts = _host.Services.GetRequiredService<StaleAlerts>();

        _time.Advance(TimeSpan.FromMinutes(59));
        await alerts.CheckAsync(default);
        Assert.Empty(Alerts());

        _time.Advance(TimeSpan.FromMinutes(2));
        await alerts.CheckAsync(default);
        await alerts.CheckAsync(default);
        var stale = Assert.Single(Alerts());
        Assert.Contains("big_account (last 2026-11-24 09:15 UTC)", stale.Text, StringComparison.Ordinal);

        Assert.True(await CycleAsync());
        Assert.Equal(2, Alerts().Count);
        Assert.Contains("recovered", Alerts()[1].Text, StringComparison.Ordinal);
    }
}
