using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Trig.Crm.Engine.Outbox;
using Trig.Crm.Store;
using Trig.Crm.Testing.Stores;
using Trig.Crm.Testing.Stubs;
using WireMock.Server;

namespace Trig.Crm.Engine.Tests.Outbox;

/// <summary>
/// Many due actions of a channel that is not configured: parked by one store call at the start of the run (never
/// claimed, whatever the run's row cap), in the state the per-row path gives (webhooks each
/// under their own secret's reason), then released and sent once the setting is there. Real SQLite store, real handlers against
/// a WireMock Slack, fake clock.
/// </summary>
public sealed class OutboxDispatcherParkTests : IAsyncLifetime
{
    private const int Orgs = 12;
    private const string SlackReason = "Trig:Slack:BotToken is not set";
    private const string HookReason = "Trig:Webhooks:Secrets:hooks is not set";
    private const string Yaml = """
        behaviours:
          - key: everyone
            name: Everyone
            on_entry:
              - slack: { channel: "C1", text: "hi" }
              - webhook: { url: "https://hooks.example.com/x", secret: Hooks, attributes: [name] }
        """;

    private readonly WireMockServer _slack = WireMockServer.Start();
    private readonly List<string> _log = [];
    private TempStore _t = null!;

    public async Task InitializeAsync()
    {
        _slack.PostOk("C1");
        _t = await TempStore.CreateAsync("dispatch-park");
        await DispatcherHost.SeedAsync(_t, Yaml, Orgs);
    }

    public async Task DisposeAsync()
    {
        _slack.Stop();
        _slack.Dispose();
        await _t.DisposeAsync();
    }

    [Fact]
    public async Task SlackUnset_EveryDueSlackRowIsParkedWithoutAClaim_LikeThePerRowPath_ThenReleasedAndSentOnceSet()
    {
        // One Slack row was claimed by a node that then died: in flight, so parking leaves it to the per-row path.
        var crashed = Assert.Single(await _t.Store.ClaimDueAsync(1, _t.Clock.GetUtcNow(), TimeSpan.FromMinutes(1), default));
        Assert.Equal("slack", crashed.Action.Kind);
        _t.Clock.Advance(TimeSpan.FromMinutes(2));
        var now = _t.Clock.GetUtcNow();

        using (var unconfigured = Host(botToken: null))
        {
            // A cap of one row: the crashed row is claimed past it; every other row is parked, whatever the cap.
            var run = await unconfigured.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync(default, maxRows: 1);

            Assert.Equal((1, 0, 2 * Orgs, 0), (run.Claimed, run.Sent, run.Waiting, run.Released));
            var rows = await _t.Store.ListAsync(new OutboxQuery(), 100, default);
            Assert.All(rows, r => Assert.Equal((OutboxStatus.Waiting, now, null), (r.Status, r.UpdatedAt, r.Detail)));
            // Parked in one call (webhooks under their own secret's reason) or row by row (the crashed one), the same state:
            // the reason, and no attempt (the crashed claim stays one).
            Assert.All(rows.Where(r => r.Item.Action.Kind == "webhook"), r => Assert.Equal((HookReason, -1), (r.LastError, r.Item.Attempts)));
            Assert.All(rows.Where(r => r.Item.Action.Kind == "slack"), r => Assert.Equal((SlackReason, r.Item.Id == crashed.Id ? 0 : -1), (r.LastError, r.Item.Attempts)));
            Assert.Equal([$"slack: 0 sent, {Orgs} waiting ({SlackReason})", $"webhook: 0 sent, {Orgs} waiting ({HookReason})"], _log);
        }

        _log.Clear();
        using var configured = Host(botToken: "xoxb-test");
        var next = await configured.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync(default);

        Assert.Equal((Orgs, Orgs, Orgs, 0), (next.Released, next.Claimed, next.Sent, next.Waiting));
        Assert.Equal(Orgs, _slack.LogEntries.Count(e => e.RequestMessage.Path.EndsWith("/api/chat.postMessage", StringComparison.Ordinal)));
        Assert.Equal(Orgs, (await _t.Store.ListAsync(new OutboxQuery(OutboxStatus.Sent), 100, default)).Count);
        Assert.Equal(Orgs, (await _t.Store.ListAsync(new OutboxQuery(OutboxStatus.Waiting), 100, default)).Count(r => r.LastError == HookReason));
        Assert.Equal([$"slack: {Orgs} waiting queued again (Trig:Slack:BotToken is set)", $"slack: {Orgs} sent"], _log);
    }

    [Theory]
    [InlineData("hooks")]
    [InlineData("HOOKS")] // as an environment variable would name it: configuration keys ignore case
    [InlineData("Hooks")]
    public async Task WebhookSecretSet_ReleasesOnlyTheRowsWaitingOnThatSecret_InAnyLetterCase(string configuredAs)
    {
        using (var unconfigured = Host(botToken: null))
        {
            await unconfigured.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync(default);
        }

        _log.Clear();
        Assert.Equal(Orgs, (await _t.Store.ListAsync(new OutboxQuery(OutboxStatus.Waiting), 100, default)).Count(r => r.LastError == HookReason));
        using var hooksOnly = Host(botToken: null, ($"Trig:Webhooks:Secrets:{configuredAs}", "s3cret"), ("Trig:Webhooks:Secrets:other", "x"));
        var dispatcher = hooksOnly.Services.GetRequiredService<OutboxDispatcher>();
        var released = await ReleaseOnlyAsync(dispatcher);

        Assert.Equal(Orgs, released);
        Assert.Equal([$"webhook: {Orgs} waiting queued again (Trig:Webhooks:Secrets:hooks is set)"], _log);
        Assert.Equal(Orgs, (await _t.Store.ListAsync(new OutboxQuery(OutboxStatus.Waiting), 100, default)).Count(r => r.LastError == SlackReason));
    }

    /// <summary>A run that claims nothing (no row cap left): it only releases, and parks what is due.</summary>
    private static async Task<int> ReleaseOnlyAsync(OutboxDispatcher dispatcher) => (await dispatcher.DispatchDueAsync(default, maxRows: 0)).Released;

    private IHost Host(string? botToken, params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Trig:Slack:BotToken"] = botToken,
            ["Trig:Slack:ChannelBurst"] = "100", // one channel takes every message at once: no pacing wait on the fake clock
        };
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }

        return DispatcherHost.Build(_t, _slack.Url!, _log, settings, "{Summary}", "{Channel}: {Count} waiting queued again ({Setting} is set)");
    }
}
