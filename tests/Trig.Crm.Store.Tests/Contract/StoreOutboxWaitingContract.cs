using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Testing.Stores;

namespace Trig.Crm.Store.Tests.Contract;

/// <summary>Waiting rows (held, never claimed, released by reason) and audited retries of dead letters.</summary>
public abstract class StoreOutboxWaitingContract : StoreContract
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    private async Task<IStoreUnderTest> WithActionsAsync() => await OutboxSeed.WithCommittedActionsAsync(await NewStoreAsync(), """
            behaviours:
              - key: a
                on_entry: [ { slack: { channel: "C1", text: "hi" } } ]
              - key: b
                on_entry: [ { slack: { channel: "C2", text: "hi" } } ]
            """);

    [StoreFact]
    public async Task Waiting_IsNeverClaimed_UntilReleasedByItsReason_AndTheClaimIsNotCountedAsAnAttempt()
    {
        await using var t = await WithActionsAsync();
        var now = t.Clock.GetUtcNow();
        foreach (var item in await t.Store.ClaimDueAsync(10, now, Lease, default))
        {
            await t.Store.CompleteAsync(item.Id, OutboxStatus.Waiting, null, "Trig:Slack:BotToken is not set", null, now, default);
        }

        t.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Empty(await t.Store.ClaimDueAsync(10, t.Clock.GetUtcNow(), Lease, default));
        Assert.Equal([("slack", "Trig:Slack:BotToken is not set", 2)], await t.Store.WaitingAsync(default));
        Assert.Equal(0, await t.Store.ReleaseWaitingAsync("slack", "another reason", t.Clock.GetUtcNow(), default));

        Assert.Equal(2, await t.Store.ReleaseWaitingAsync("slack", "Trig:Slack:BotToken is not set", t.Clock.GetUtcNow(), default));
        var again = await t.Store.ClaimDueAsync(10, t.Clock.GetUtcNow(), Lease, default);
        Assert.Equal(2, again.Count);
        Assert.All(again, i => Assert.Equal(0, i.Attempts));
        Assert.Empty(await t.Store.WaitingAsync(default));
    }

    [StoreFact]
    public async Task RetryAllDead_ByDefinition_RequeuesOnlyThoseAndAuditsEach()
    {
        await using var t = await WithActionsAsync();
        var now = t.Clock.GetUtcNow();
        foreach (var item in await t.Store.ClaimDueAsync(10, now, Lease, default))
        {
            await t.Store.CompleteAsync(item.Id, OutboxStatus.Dead, null, "channel_not_found", null, now, default);
        }

        var ids = await t.Store.RetryAllDeadAsync("a", "cli:ops", now, default);

        var requeued = Assert.Single(ids);
        Assert.Equal("a", Assert.Single(await t.Store.ListAsync(new OutboxQuery(OutboxStatus.Pending), 10, default)).Item.DefinitionKey);
        Assert.Equal("b", Assert.Single(await t.Store.ListAsync(new OutboxQuery(OutboxStatus.Dead), 10, default)).Item.DefinitionKey);
        Assert.Equal(new Dictionary<string, int> { ["pending"] = 1 }, await t.Store.CountByStatusAsync("a", default));
        Assert.Equal([(now, "cli:ops", "retry", $"outbox:{requeued}")], await t.Store.AuditAsync(10, default));
        Assert.Single(await t.Store.RetryAllDeadAsync(null, "cli:ops", now, default));
        Assert.Equal(2, (await t.Store.AuditAsync(10, default)).Count);
    }
}
