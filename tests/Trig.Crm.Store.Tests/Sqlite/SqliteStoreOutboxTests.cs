using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Testing.Stores;

namespace Trig.Crm.Store.Tests.Sqlite;

public sealed class SqliteStoreOutboxTests
{
    private static async Task<TempStore> WithOneActionAsync()
    {
        var t = await TempStore.CreateAsync();
        var set = DefinitionLoader.Load([("d.yaml", """
            behaviours:
              - key: everyone
                on_entry: [ { slack: { channel: "C1", text: "hi" } } ]
            """)]).Set!;
        await t.Store.UpsertAsync([new CrmRecord(EntityKind.Organisation, "o1", null, new Dictionary<string, AttributeValue>())], default);
        var now = t.Clock.GetUtcNow();
        var runtime = await t.Store.SyncDefinitionsAsync(set, now, default);
        var result = Evaluator.EvaluateAll(new EvaluationInput(set, runtime, new Dictionary<(string, string), Benchmark>(), now), await t.Store.LoadUnitsAsync(null, null, default));
        await t.Store.CommitAsync(result, set, now, default);
        return t;
    }

    [Fact]
    public async Task Claim_LeasedRowIsNotClaimedTwiceUntilTheLeaseExpires()
    {
        await using var t = await WithOneActionAsync();
        var lease = TimeSpan.FromMinutes(2);

        var first = await t.Store.ClaimDueAsync(10, t.Clock.GetUtcNow(), lease, default);
        var second = await t.Store.ClaimDueAsync(10, t.Clock.GetUtcNow(), lease, default);
        t.Clock.Advance(lease + TimeSpan.FromSeconds(1));
        var afterLease = await t.Store.ClaimDueAsync(10, t.Clock.GetUtcNow(), lease, default);

        Assert.Single(first);
        Assert.Empty(second);
        Assert.Single(afterLease);
        Assert.False(afterLease[0].OutcomeUnknown); // never marked as sending: simply resent
        Assert.Equal(1, afterLease[0].Attempts);
    }

    [Fact]
    public async Task Claim_AfterCrashMidSend_FlagsOutcomeUnknown()
    {
        await using var t = await WithOneActionAsync();
        var lease = TimeSpan.FromMinutes(2);
        var item = (await t.Store.ClaimDueAsync(10, t.Clock.GetUtcNow(), lease, default))[0];
        await t.Store.MarkSendingAsync(item.Id, default);

        t.Clock.Advance(lease + TimeSpan.FromSeconds(1));
        var again = await t.Reopen().ClaimDueAsync(10, t.Clock.GetUtcNow(), lease, default);

        Assert.True(Assert.Single(again).OutcomeUnknown);
    }

    [Fact]
    public async Task Complete_RetryThenDead_ListedAsFailedAndRetriable()
    {
        await using var t = await WithOneActionAsync();
        var lease = TimeSpan.FromMinutes(1);
        var item = (await t.Store.ClaimDueAsync(10, t.Clock.GetUtcNow(), lease, default))[0];
        await t.Store.CompleteAsync(item.Id, "retry", null, "503", t.Clock.GetUtcNow() + TimeSpan.FromSeconds(30), t.Clock.GetUtcNow(), default);

        Assert.Empty(await t.Store.ClaimDueAsync(10, t.Clock.GetUtcNow(), lease, default));
        Assert.Equal(t.Clock.GetUtcNow() + TimeSpan.FromSeconds(30), await t.Store.NextDueAsync(default));
        t.Clock.Advance(TimeSpan.FromSeconds(31));
        var retried = Assert.Single(await t.Store.ClaimDueAsync(10, t.Clock.GetUtcNow(), lease, default));
        await t.Store.CompleteAsync(retried.Id, "dead", null, "channel_not_found", null, t.Clock.GetUtcNow(), default);

        var dead = Assert.Single(await t.Store.ListAsync("dead", 10, default));
        Assert.Equal("channel_not_found", dead.LastError);
        Assert.True(await t.Store.RetryAsync(dead.Item.Id, t.Clock.GetUtcNow(), default));
        Assert.False(await t.Store.RetryAsync(dead.Item.Id, t.Clock.GetUtcNow(), default));
        Assert.Equal(0, Assert.Single(await t.Store.ClaimDueAsync(10, t.Clock.GetUtcNow(), lease, default)).Attempts);
    }
}
