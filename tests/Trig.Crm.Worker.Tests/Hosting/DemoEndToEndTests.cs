using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Trig.Crm.Engine.Demo;
using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Store;
using Trig.Crm.Testing;
using Trig.Crm.Worker.Hosting;

namespace Trig.Crm.Worker.Tests.Hosting;

/// <summary>The demo command's code path (DemoRunner through the CLI host) on a temp store with a fixed clock.</summary>
public sealed class DemoEndToEndTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 15, 30, 0, TimeSpan.Zero);
    private readonly string _dir = Directory.CreateTempSubdirectory("trig-demo-").FullName;
    private IHost _host = null!;
    private DemoResult _result = null!;
    private ITrigStore _store = null!;

    public async Task InitializeAsync()
    {
        var repo = RepoPaths.Root;
        _host = TrigHost.BuildCli(
            [$"--Trig:Store:ConnectionString=Data Source={Path.Combine(_dir, "demo.db")}", $"--Trig:Definitions:Path={Path.Combine(repo, "samples", "lifecycle")}"],
            b => b.Services.AddSingleton<TimeProvider>(new FakeTimeProvider(Now)));
        _store = _host.Services.GetRequiredService<ITrigStore>();
        await _store.MigrateAsync(default);
        _result = await _host.Services.GetRequiredService<DemoRunner>().RunAsync(80, null, default);
    }

    public Task DisposeAsync()
    {
        _host.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public void Demo_GeneratesThirtyDaysOfDataEndingAtTheAnchor()
    {
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero), _result.Timeline.End);
        Assert.Equal(80, _result.Timeline.Records.Count(r => r.Kind == EntityKind.Organisation));
        Assert.InRange(_result.Timeline.Records.Count(r => r.Kind == EntityKind.Person), 80 * 3, 80 * 10);
        Assert.All(_result.Timeline.Events, e => Assert.InRange(e.OccurredAt, _result.Timeline.Start, _result.Timeline.End));
        Assert.Contains(_result.Timeline.Events, e => e.Name == "login");
    }

    [Fact]
    public async Task Demo_FirstProjectCreatedCompletesExactlyForOrganisationsWithAProject()
    {
        var units = await _store.LoadUnitsAsync(null, null, default);
        var orgs = units.Select(u => u.Organisation).OfType<EntityState>().ToList();
        Assert.Equal(80, orgs.Count);
        foreach (var org in orgs)
        {
            var hasProject = org.Get("projects_created").AsNumber >= 1;
            var completed = org.Memberships.TryGetValue("first_project_created", out var m) && m.Status == MembershipStatus.Completed;
            Assert.True(hasProject == completed, $"{org.Id}: projects_created={org.Get("projects_created")}, membership={m?.Status}");
        }

        Assert.Contains(orgs, o => o.Memberships["first_project_created"].Status == MembershipStatus.Completed);
        Assert.Contains(orgs, o => o.Memberships["first_project_created"].Status == MembershipStatus.Active);
    }

    [Fact]
    public async Task Demo_KnownOrganisationHasItsTransitionsAuditedWithReasons()
    {
        var org = (await _store.LoadUnitsAsync(null, null, default)).Select(u => u.Organisation).OfType<EntityState>()
            .First(o => o.Memberships.TryGetValue("onboarding", out var m) && m.Entries > 0);
        var transitions = await _store.TransitionsForAsync(EntityKind.Organisation, org.Id, 200, default);

        var entered = Assert.Single(transitions, t => t.Transition.DefinitionKey == "onboarding" && t.Transition.Kind == TransitionKind.Entered);
        Assert.Contains("first_session_date within last 30 days", entered.Transition.Reason, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(entered.Transition.DefinitionVersion));
        Assert.InRange(entered.Transition.At, _result.Timeline.Start, _result.Timeline.End);
    }

    [Fact]
    public async Task Demo_WritesMetadataToTheLocalCrmAndQueuesActions()
    {
        var org = (await _store.LoadUnitsAsync(null, null, default)).Select(u => u.Organisation).OfType<EntityState>()
            .First(o => o.Memberships.TryGetValue("onboarding", out var m) && m.IsActive);
        var props = await _store.ReadLocalPropertiesAsync(EntityKind.Organisation, org.Id, default);

        Assert.Equal("true", props["trig_currently_member_of_onboarding"]);
        Assert.Equal("onboarding", props["trig_current_stage"]);
        Assert.Equal(AttributeValue.FormatDateTime(org.Memberships["onboarding"].EnteredAt), props["trig_last_entered_onboarding"]);
        Assert.True(_result.PropertiesWritten > 0);
        Assert.True(_result.ActionsQueued > 0);
        // Without Slack/webhook/email settings nothing can be delivered: the rows wait, none is lost.
        Assert.Equal(_result.ActionsQueued, _result.Outbox.GetValueOrDefault("pending") + _result.Outbox.GetValueOrDefault("dead") + _result.Outbox.GetValueOrDefault("retry"));
    }

    [Fact]
    public async Task Demo_IsDeterministic()
    {
        var again = DemoDataGenerator.Generate(80, _result.Timeline.End);
        Assert.Equal(_result.Timeline.Events.Count, again.Events.Count);
        Assert.Equal(_result.Timeline.Records.Select(r => r.Attributes["name"].ToString()).First(), again.Records.Select(r => r.Attributes["name"].ToString()).First());
        var metrics = await _store.MetricsAsync(default);
        Assert.Contains(metrics, m => m.Key == "onboarding" && m.Entered > 0);
    }
}
