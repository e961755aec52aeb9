using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Testing.Stores;

namespace Trig.Crm.Store.Tests.Contract;

public abstract class StoreOutboxContract : StoreContract
{
    private async Task<IStoreUnderTest> WithOneActionAsync() => await OutboxSeed.WithCommittedActionsAsync(await NewStoreAsync(), """
            behaviours:
              - key: everyone
                on_entry: [ { slack: { channel: "C1", text: "hi" } } ]
            """);

    [StoreFact]
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

    [StoreFact]
    public async Task Claim_AfterCrashMidSend_FlagsOutcomeUnknown()
    {
        await using var t = await WithOneActionAsync();
        var lease = TimeSpan.FromMinutes(2);
        var item = (await t.Store.ClaimDueAsync(10, t.Clock.GetUtcNow(), lease, default))[0];
        await t.Store.MarkSendingAsync(item.Id, default);

        t.Clock.Advance(lease + TimeSpan.FromSeconds(1));
        var again = await t.Open().ClaimDueAsync(10, t.Clock.GetUtcNow(), lease, default);

        Assert.True(Assert.Single(again).OutcomeUnknown);
    }

    [StoreFact]
    public async Task Complete_RetryThenDead_ListedAsFailedAndRetriable()
    {
        await using var t = await WithOneActionAsync();
        var lease = TimeSpan.FromMinutes(1);
        var item = (await t.Store.ClaimDueAsync(10, t.Clock.GetUtcNow(), lease, default))[0];
        await t.Store.CompleteAsync(item.Id, OutboxStatus.Retry, null, "503", t.Clock.GetUtcNow() + TimeSpan.FromSeconds(30), t.Clock.GetUtcNow(), default);

        Assert.Empty(await t.Store.ClaimDueAsync(10, t.Clock.GetUtcNow(), lease, default));
        t.Clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Empty(await t.Store.ClaimDueAsync(10, t.Clock.GetUtcNow(), lease, default));
        t.Clock.Advance(TimeSpan.FromSeconds(2));
        var retried = Assert.Single(await t.Store.ClaimDueAsync(10, t.Clock.GetUtcNow(), lease, default));
        await t.Store.CompleteAsync(retried.Id, OutboxStatus.Dead, null, "channel_not_found", null, t.Clock.GetUtcNow(), default);

        var dead = Assert.Single(await t.Store.ListAsync(OutboxStatus.Dead, 10, default));
        Assert.Equal(OutboxStatus.Dead, dead.Status);
        Assert.Equal("channel_not_found", dead.LastError);
        Assert.True(await t.Store.RetryAsync(dead.Item.Id, t.Clock.GetUtcNow(), default));
        Assert.False(await t.Store.RetryAsync(dead.Item.Id, t.Clock.GetUtcNow(), default));
        Assert.Equal(0, Assert.Single(await t.Store.ClaimDueAsync(10, t.Clock.GetUtcNow(), lease, default)).Attempts);
    }

    [StoreFact]
    public async Task Complete_Waiting_IsHeldListedAndCountedButNeverClaimed()
    {
        await using var t = await WithOneActionAsync();
        var lease = TimeSpan.FromMinutes(1);
        var item = (await t.Store.ClaimDueAsync(10, t.Clock.GetUtcNow(), lease, default))[0];

        await t.Store.CompleteAsync(item.Id, OutboxStatus.Waiting, null, "slack is not configured", t.Clock.GetUtcNow(), t.Clock.GetUtcNow(), default);
        t.Clock.Advance(TimeSpan.FromDays(1));

        Assert.Empty(await t.Store.ClaimDueAsync(10, t.Clock.GetUtcNow(), lease, default));
        var waiting = Assert.Single(await t.Open().ListAsync(OutboxStatus.Waiting, 10, default));
        Assert.Equal((item.Id, OutboxStatus.Waiting, "slack is not configured"), (waiting.Item.Id, waiting.Status, waiting.LastError));
        Assert.Equal(1, (await t.Store.CountByStatusAsync(default))["waiting"]);
        Assert.False(await t.Store.RetryAsync(item.Id, t.Clock.GetUtcNow(), default)); // only dead rows are retried by hand
    }
}
