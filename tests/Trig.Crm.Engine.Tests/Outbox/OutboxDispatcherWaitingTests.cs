using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Trig.Crm.Engine.Outbox;
using Trig.Crm.Store;
using Trig.Crm.Testing.Stores;
using Trig.Crm.Testing.Stubs;
using WireMock.Server;

namespace Trig.Crm.Engine.Tests.Outbox;

/// <summary>
/// Actions whose channel is not configured: held as waiting (no attempt, no dead letter, no retry loop), then sent
/// by the first dispatch run that finds the channel configured. Real SQLite store, real Slack handler against a
/// WireMock Slack, fake clock.
/// </summary>
public sealed class OutboxDispatcherWaitingTests : IAsyncLifetime
{
    private const string Yaml = """
        behaviours:
          - key: everyone
            name: Everyone
            on_entry: [ { slack: { channel: "C1", text: "hi" } } ]
        """;

    private readonly WireMockServer _slack = WireMockServer.Start();
    private readonly List<string> _log = [];
    private TempStore _t = null!;

    public async Task InitializeAsync()
    {
        _slack.PostOk("C1");
        _t = await TempStore.CreateAsync("dispatch-waiting");
        await DispatcherHost.SeedAsync(_t, Yaml, 1);
    }

    public async Task DisposeAsync()
    {
        _slack.Stop();
        _slack.Dispose();
        await _t.DisposeAsync();
    }

    [Fact]
    public async Task SlackNotConfigured_ActionWaits_IsNotAttemptedAgain_ThenIsSentOnceSlackIsConfigured()
    {
        using (var unconfigured = Host(botToken: null))
        {
            var dispatcher = unconfigured.Services.GetRequiredService<OutboxDispatcher>();

            var first = await dispatcher.DispatchDueAsync(default);
            var row = Assert.Single(await _t.Store.ListAsync(new OutboxQuery(), 10, default));
            Assert.Equal((0, 0, 0, 1), (first.Claimed, first.DeadLettered, first.Sent, first.Waiting)); // parked, not claimed
            Assert.Equal(OutboxStatus.Waiting, row.Status);
            Assert.Equal("Trig:Slack:BotToken is not set", row.LastError);
            Assert.Equal(0, row.Item.Attempts + 1); // listings hold the attempts made minus one: waiting was not an attempt

            _t.Clock.Advance(TimeSpan.FromHours(2)); // past any backoff: a waiting row is still not claimed
            var second = await dispatcher.DispatchDueAsync(default);
            Assert.Equal((0, 0, 0), (second.Claimed, second.Waiting, second.Released));
            Assert.Equal(OutboxStatus.Waiting, Assert.Single(await _t.Store.ListAsync(new OutboxQuery(), 10, default)).Status);
            Assert.Empty(_slack.LogEntries);
            Assert.Equal(["slack: 0 sent, 1 waiting (Trig:Slack:BotToken is not set)"], _log);
        }

        _log.Clear();
        using var configured = Host(botToken: "xoxb-test");
        var third = await configured.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync(default);

        Assert.Equal((1, 1, 1), (third.Released, third.Claimed, third.Sent));
        var sent = Assert.Single(await _t.Store.ListAsync(new OutboxQuery(OutboxStatus.Sent), 10, default));
        Assert.Equal(1, sent.Item.Attempts + 1);
        var post = Assert.Single(_slack.LogEntries);
        Assert.EndsWith("/api/chat.postMessage", post.RequestMessage.Path, StringComparison.Ordinal);
        Assert.Contains("slack: 1 sent", _log);
    }

    private IHost Host(string? botToken) =>
        DispatcherHost.Build(_t, _slack.Url!, _log, new Dictionary<string, string?> { ["Trig:Slack:BotToken"] = botToken });
}
