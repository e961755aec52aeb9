using Trig.Crm.Testing.Processes;
using Trig.Crm.Worker.Tests.Support;

namespace Trig.Crm.Worker.Tests.Jobs;

/// <summary>
/// The real <c>trig run</c> process is SIGKILLed while it dispatches 400 actions (200 organisations entering a
/// behaviour with a Slack and a webhook action each), then restarted until the outbox is empty. Slack must see every
/// message exactly once (the restarted worker finds in-flight posts through conversations.history); the webhook
/// receiver must see every key, and a key twice only for the one request that was in flight when the process died.
/// </summary>
[Collection(nameof(DispatchCrashTests))]
public sealed class DispatchCrashTests : IDisposable
{
    private const int Organisations = 200;
    private const int Actions = Organisations * 2;

    // Webhook requests on the wire when the process dies may be resent (same key, same body): at most one per
    // concurrent dispatch slot (Trig:Schedule:DispatchConcurrency, default 4).
    private const int DispatchConcurrency = 4;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(45);
    private readonly FakeSlack _slack = new();
    private readonly FakeWebhookReceiver _hooks = new();
    private readonly CrashWorkspace _ws;

    public DispatchCrashTests() => _ws = new CrashWorkspace(Organisations, _slack, _hooks);

    private int Delivered => _slack.Posts.Count + _hooks.Deliveries.Count;

    [Theory]
    [InlineData(10)]
    [InlineData(80)]
    [InlineData(150)]
    public async Task Run_KilledAfterSomeDeliveries_RestartDeliversEveryActionExactlyOnce(int killAfter)
    {
        await _ws.ImportAsync();

        int deliveredAtKill;
        using (var first = _ws.StartRun())
        {
            await WaitForAsync(() => Delivered >= killAfter, first, $"{killAfter} deliveries");
            first.Kill();
            deliveredAtKill = Delivered;
        }

        Assert.InRange(deliveredAtKill, killAfter, Actions - 1);
        await RestartUntilDoneAsync();

        Assert.True(Delivered > deliveredAtKill, "the restarted worker delivered nothing; the kill did not land mid-dispatch");
        AssertSlackExactlyOnce();
        AssertWebhooksOncePerKey(maxResentKeys: DispatchConcurrency);
    }

    [Fact]
    public async Task Run_KilledWhileASlackPostIsInFlight_RestartFindsItInHistoryAndDoesNotPostAgain()
    {
        var slowKey = KeyPrefixOf("org-040");
        _slack.SlowFor = key => key.StartsWith(slowKey, StringComparison.Ordinal) ? TimeSpan.FromSeconds(8) : null;
        await _ws.ImportAsync();

        using (var first = _ws.StartRun())
        {
            var started = await Task.WhenAny(_slack.SlowPostStarted.Task, Task.Delay(Budget));
            Assert.True(started == _slack.SlowPostStarted.Task, "the slow Slack post never arrived:\n" + first.Output);
            first.Kill(); // the post is stored in Slack, its response never reaches the worker
        }

        _slack.SlowFor = _ => null;
        var historyBefore = _slack.HistoryCalls;
        await RestartUntilDoneAsync();

        var slow = _slack.Posts.Where(p => p.Key!.StartsWith(slowKey, StringComparison.Ordinal)).ToList();
        Assert.Single(slow);
        Assert.True(_slack.HistoryCalls > historyBefore, "the restarted worker did not check conversations.history before resending");
        AssertSlackExactlyOnce();
        AssertWebhooksOncePerKey(maxResentKeys: DispatchConcurrency);
    }

    [Theory]
    [InlineData("channel: \"#cs-alerts\"")]
    [InlineData("to: owner")]
    public async Task Run_KilledWhileAPostToANamedChannelOrADmIsInFlight_RestartPostsEveryMessageOnce(string slackTarget)
    {
        const int organisations = 20;
        using var ws = new CrashWorkspace(organisations, _slack, _hooks, slackTarget: slackTarget);
        var slowKey = KeyPrefixOf("org-010");
        _slack.SlowFor = key => key.StartsWith(slowKey, StringComparison.Ordinal) ? TimeSpan.FromSeconds(8) : null;
        await ws.ImportAsync();

        using (var first = ws.StartRun())
        {
            var started = await Task.WhenAny(_slack.SlowPostStarted.Task, Task.Delay(Budget));
            Assert.True(started == _slack.SlowPostStarted.Task, "the slow Slack post never arrived:\n" + first.Output);
            first.Kill(); // the post is stored in Slack, its response never reaches the worker
        }

        _slack.SlowFor = _ => null;
        using (var second = ws.StartRun())
        {
            await WaitForAsync(() => ws.OutboxByStatus().GetValueOrDefault("sent") == organisations * 2, second, "every outbox row sent");
            second.Kill();
        }

        var keys = ws.OutboxRows().Where(r => r.Kind == "slack").Select(r => r.Key).ToList();
        Assert.Equal(organisations, keys.Count);
        var perKey = _slack.Posts.GroupBy(p => p.Key!).ToDictionary(g => g.Key, g => g.Count());
        var duplicates = perKey.Where(kv => kv.Value > 1).Select(kv => $"{kv.Key} x{kv.Value}").ToList();
        Assert.True(duplicates.Count == 0, "posted more than once: " + string.Join(", ", duplicates));
        Assert.Equal(keys.Order(StringComparer.Ordinal), perKey.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Run_KilledWhileAWebhookIsInFlight_RestartResendsOnlyThatKeyWithIdenticalBody()
    {
        var slowKey = KeyPrefixOf("org-120");
        _hooks.SlowFor = key => key.StartsWith(slowKey, StringComparison.Ordinal) ? TimeSpan.FromSeconds(8) : null;
        await _ws.ImportAsync();

        using (var first = _ws.StartRun())
        {
            var started = await Task.WhenAny(_hooks.SlowDeliveryStarted.Task, Task.Delay(Budget));
            Assert.True(started == _hooks.SlowDeliveryStarted.Task, "the slow webhook never arrived:\n" + first.Output);
            first.Kill();
        }

        _hooks.SlowFor = _ => null;
        await RestartUntilDoneAsync();

        AssertSlackExactlyOnce();
        var resent = AssertWebhooksOncePerKey(maxResentKeys: DispatchConcurrency);
        // Delivered once before the crash (outcome unknown to the worker) and once after: the receiver dedupes by key.
        Assert.Contains(await _hooks.SlowDeliveryStarted.Task, resent);
    }

    public void Dispose()
    {
        _slack.Dispose();
        _hooks.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _ws.Dispose();
    }

    /// <summary>Keys are <c>{definition}:{org|person}:{entity}:{transitionId}:{actionIndex}:{step}</c>; each fake sees one kind only.</summary>
    private static string KeyPrefixOf(string orgId) => $"{CrashWorkspace.DefinitionKey}:org:{orgId}:";

    private async Task RestartUntilDoneAsync()
    {
        using var second = _ws.StartRun();
        await WaitForAsync(
            () => _ws.OutboxByStatus() is var s && s.GetValueOrDefault("sent") == Actions && s.Values.Sum() == Actions,
            second,
            "every outbox row sent");
        second.Kill();
    }

    private async Task WaitForAsync(Func<bool> condition, TrigProcess process, string what)
    {
        // A stall bound, not a speed target: fail only when nothing moved (deliveries, outbox) for Budget.
        var watch = new StallWatch(Budget);
        while (!condition())
        {
            if (process.HasExited)
            {
                Assert.Fail($"trig run exited while waiting for {what}:\n{process.Output}");
            }

            if (!watch.Moving($"{Delivered}/{string.Join(",", _ws.OutboxByStatus())}"))
            {
                Assert.Fail($"stalled waiting for {what}: nothing moved for {Budget.TotalSeconds:0} s (delivered {Delivered}, outbox {string.Join(", ", _ws.OutboxByStatus())}):\n{process.Output}");
            }

            await Task.Delay(2);
        }
    }

    private List<(string Key, string Kind, string EntityId, string Status)> Outbox()
    {
        var rows = _ws.OutboxRows();
        Assert.Equal(Actions, rows.Count);
        Assert.All(rows, r => Assert.Equal("sent", r.Status));
        return rows;
    }

    private void AssertSlackExactlyOnce()
    {
        var expected = Outbox().Where(r => r.Kind == "slack").ToList();
        Assert.Equal(Organisations, expected.Select(r => r.EntityId).Distinct().Count());
        var posted = _slack.Posts;
        Assert.All(posted, p => Assert.Equal(CrashWorkspace.Channel, p.Channel));
        var duplicates = posted.GroupBy(p => p.Key).Where(g => g.Count() > 1).Select(g => $"{g.Key} x{g.Count()}").ToList();
        Assert.True(duplicates.Count == 0, "posted more than once: " + string.Join(", ", duplicates));
        Assert.Equal(expected.Select(r => r.Key).Order(StringComparer.Ordinal), posted.Select(p => p.Key!).Order(StringComparer.Ordinal));
    }

    /// <summary>Every key arrives; a key arrives again only with the same body. Returns the keys that arrived twice.</summary>
    private List<string> AssertWebhooksOncePerKey(int maxResentKeys)
    {
        var expected = Outbox().Where(r => r.Kind == "webhook").Select(r => r.Key).Order(StringComparer.Ordinal).ToList();
        var deliveries = _hooks.Deliveries;
        Assert.All(deliveries, d => Assert.NotNull(d.Key));
        Assert.Equal(expected, deliveries.Select(d => d.Key!).Distinct().Order(StringComparer.Ordinal));
        var resent = deliveries.GroupBy(d => d.Key!).Where(g => g.Count() > 1).ToList();
        Assert.True(resent.Count <= maxResentKeys, $"{resent.Count} keys delivered more than once: {string.Join(", ", resent.Select(g => g.Key))}");
        Assert.All(resent, g =>
        {
            Assert.Equal(2, g.Count());
            Assert.Single(g.Select(d => d.Body).Distinct());
        });
        return [.. resent.Select(g => g.Key)];
    }
}
