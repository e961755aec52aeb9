using Trig.Crm.Lifecycle.Actions;
using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Testing.Stores;

namespace Trig.Crm.Store.Tests.Contract;

/// <summary>Waiting rows (parked a kind at a time, never claimed, released by reason) and audited retries of dead letters.</summary>
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

    private const string SlackReason = "Trig:Slack:BotToken is not set";

    /// <summary>Five Slack messages (C1..C5) and one webhook for organisation o1, all pending.</summary>
    private async Task<IStoreUnderTest> WithMixedActionsAsync() => await OutboxSeed.WithCommittedActionsAsync(await NewStoreAsync(), """
            behaviours:
              - key: a
                on_entry:
                  - slack: { channel: "C1", text: "one" }
                  - slack: { channel: "C2", text: "two" }
                  - slack: { channel: "C3", text: "three" }
                  - slack: { channel: "C4", text: "four" }
                  - slack: { channel: "C5", text: "five" }
                  - webhook: { url: "https://hooks.example.com/x", attributes: [plan] }
            """);

    private static string Name(OutboxItem item) => item.Action is SlackAction s ? s.Channel! : item.Action.Kind;

    private static (OutboxStatus, string?, string?, DateTimeOffset, int) State(OutboxEntry e) => (e.Status, e.LastError, e.Detail, e.UpdatedAt, e.Item.Attempts);

    private static async Task<Dictionary<string, OutboxEntry>> RowsAsync(IStoreUnderTest t) =>
        (await t.Store.ListAsync(new OutboxQuery(), 100, default)).ToDictionary(e => Name(e.Item));

    [StoreFact]
    public async Task Waiting_IsNeverClaimed_UntilReleasedByItsReason_AndTheClaimIsNotCountedAsAnAttempt()
    {
        await using var t = await WithActionsAsync();
        var now = t.Clock.GetUtcNow();
        foreach (var item in await t.Store.ClaimDueAsync(10, now, Lease, default))
        {
            await t.Store.CompleteAsync(item.Id, OutboxStatus.Waiting, null, SlackReason, null, now, default);
        }

        t.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Empty(await t.Store.ClaimDueAsync(10, t.Clock.GetUtcNow(), Lease, default));
        Assert.Empty(await t.Store.ReleaseWaitingAsync("another reason", t.Clock.GetUtcNow(), default));

        Assert.Equal(new Dictionary<string, int> { ["slack"] = 2 }, await t.Store.ReleaseWaitingAsync(SlackReason, t.Clock.GetUtcNow(), default));
        var again = await t.Store.ClaimDueAsync(10, t.Clock.GetUtcNow(), Lease, default);
        Assert.Equal(2, again.Count);
        Assert.All(again, i => Assert.Equal(0, i.Attempts));
        Assert.Empty(await t.Store.ListAsync(OutboxStatus.Waiting, 10, default));
    }

    [StoreFact]
    public async Task ParkDue_MovesOnlyTheKindsDuePendingAndRetryRows_ToWaiting_AttemptsUnchanged()
    {
        await using var t = await WithMixedActionsAsync();
        var start = t.Clock.GetUtcNow();
        var claimed = (await t.Store.ClaimDueAsync(10, start, Lease, default)).ToDictionary(Name);
        await t.Store.CompleteAsync(claimed["C1"].Id, OutboxStatus.Retry, null, "503", start, start, default); // due retry
        await t.Store.CompleteAsync(claimed["C2"].Id, OutboxStatus.Retry, null, "503", start + TimeSpan.FromHours(1), start, default); // not yet due
        await t.Store.CompleteAsync(claimed["C4"].Id, OutboxStatus.Sent, "ts-1", null, null, start, default);
        await t.Store.CompleteAsync(claimed["C5"].Id, OutboxStatus.Pending, null, "no handler", start, start, default); // due pending
        await t.Store.CompleteAsync(claimed["webhook"].Id, OutboxStatus.Pending, null, null, start, start, default); // due, another kind
        // C3 stays in flight, its lease even expired: another node holds it.
        t.Clock.Advance(Lease + TimeSpan.FromMinutes(1));
        var now = t.Clock.GetUtcNow();
        var before = await RowsAsync(t);

        Assert.Equal(2, await t.Store.ParkDueAsync("slack", SlackReason, now, default));

        var after = await RowsAsync(t);
        foreach (var parked in new[] { "C1", "C5" })
        {
            Assert.Equal((OutboxStatus.Waiting, SlackReason, now), (after[parked].Status, after[parked].LastError, after[parked].UpdatedAt));
            Assert.Equal(before[parked].Item.Attempts, after[parked].Item.Attempts);
        }

        foreach (var untouched in new[] { "C2", "C3", "C4", "webhook" })
        {
            Assert.Equal(State(before[untouched]), State(after[untouched]));
        }

        Assert.Equal(0, await t.Store.ParkDueAsync("slack", SlackReason, now, default));
        Assert.Equal(new Dictionary<string, int> { ["slack"] = 2 }, await t.Store.ReleaseWaitingAsync(SlackReason, now, default));
        Assert.Equal(["C1", "C3", "C5", "webhook"], (await t.Store.ClaimDueAsync(10, now, Lease, default)).Select(Name).Order(StringComparer.Ordinal));
    }

    [StoreFact]
    public async Task ParkDueWebhooks_ParksEachRowUnderItsOwnSecretsReason_InLowerCase_UnlessThatSecretIsConfigured_InAnyLetterCase()
    {
        await using var t = await OutboxSeed.WithCommittedActionsAsync(await NewStoreAsync(), """
            behaviours:
              - key: a
                on_entry:
                  - webhook: { url: "https://hooks.example.com/1", secret: hooks, attributes: [plan] }
                  - webhook: { url: "https://hooks.example.com/2", secret: " Other ", attributes: [plan] }
                  - webhook: { url: "https://hooks.example.com/3", attributes: [plan] }
                  - slack: { channel: "C1", text: "one" }
            """);
        var now = t.Clock.GetUtcNow();
        static string Url(OutboxEntry e) => e.Item.Action is WebhookAction w ? w.Url : e.Item.Action.Kind;

        var parked = await t.Store.ParkDueWebhooksAsync("Fallback", ["hooks", "unused"], "Trig:Webhooks:Secrets:", " is not set", now, default);

        Assert.Equal(new Dictionary<string, int>
        {
            ["Trig:Webhooks:Secrets:other is not set"] = 1,
            ["Trig:Webhooks:Secrets:fallback is not set"] = 1, // the default secret's name, in lower case too
        }, parked);
        var rows = (await t.Store.ListAsync(new OutboxQuery(), 100, default)).ToDictionary(Url);
        Assert.Equal((OutboxStatus.Waiting, "Trig:Webhooks:Secrets:other is not set"), (rows["https://hooks.example.com/2"].Status, rows["https://hooks.example.com/2"].LastError));
        Assert.Equal((OutboxStatus.Waiting, "Trig:Webhooks:Secrets:fallback is not set"), (rows["https://hooks.example.com/3"].Status, rows["https://hooks.example.com/3"].LastError));
        Assert.Equal(OutboxStatus.Pending, rows["https://hooks.example.com/1"].Status); // its secret is configured
        Assert.Equal(OutboxStatus.Pending, rows["slack"].Status); // another kind
        Assert.Equal(-1, rows["https://hooks.example.com/2"].Item.Attempts); // never attempted (as the dispatcher reads a row: attempts before the claim)
        // "OTHER" configured (configuration keys ignore case): nothing left to park.
        Assert.Empty(await t.Store.ParkDueWebhooksAsync("fallback", ["other", "fallback", "hooks"], "Trig:Webhooks:Secrets:", " is not set", now, default));
    }

    [StoreFact]
    public async Task ReleaseWaiting_OnlyRowsWithExactlyThatReason_BecomeDueNow_CountedPerKind()
    {
        await using var t = await WithMixedActionsAsync();
        var start = t.Clock.GetUtcNow();
        var claimed = (await t.Store.ClaimDueAsync(10, start, Lease, default)).ToDictionary(Name);
        const string other = "Trig:Webhooks:Secrets:hooks is not set";
        foreach (var (name, reason) in new[] { ("C1", SlackReason), ("C2", SlackReason), ("C3", SlackReason + "!"), ("C4", other), ("webhook", SlackReason) })
        {
            await t.Store.CompleteAsync(claimed[name].Id, OutboxStatus.Waiting, null, reason, null, start, default);
        }

        await t.Store.CompleteAsync(claimed["C5"].Id, OutboxStatus.Sent, "ts-1", null, null, start, default);

        t.Clock.Advance(TimeSpan.FromHours(3));
        var now = t.Clock.GetUtcNow();

        var released = await t.Store.ReleaseWaitingAsync(SlackReason, now, default);

        Assert.Equal(new Dictionary<string, int> { ["slack"] = 2, ["webhook"] = 1 }, released);
        var rows = await RowsAsync(t);
        foreach (var name in new[] { "C1", "C2", "webhook" })
        {
            Assert.Equal((OutboxStatus.Pending, null, now), (rows[name].Status, rows[name].LastError, rows[name].UpdatedAt));
        }

        Assert.Equal([(OutboxStatus.Waiting, SlackReason + "!"), (OutboxStatus.Waiting, other)], new[] { rows["C3"], rows["C4"] }.Select(r => (r.Status, r.LastError)));
        Assert.Equal(["C1", "C2", "webhook"], (await t.Store.ClaimDueAsync(10, now, Lease, default)).Select(Name).Order(StringComparer.Ordinal)); // due now
        Assert.Empty(await t.Store.ReleaseWaitingAsync(SlackReason, now, default));
    }

    [StoreFact]
    public async Task WaitingWebhookReasons_ParkedBeforeNamesWereLowerCased_AreLowerCasedByTheMigration()
    {
        await using var t = await WithMixedActionsAsync();
        var now = t.Clock.GetUtcNow();
        var claimed = (await t.Store.ClaimDueAsync(10, now, Lease, default)).ToDictionary(Name);
        const string old = "Trig:Webhooks:Secrets:Hooks is not set";
        await t.Store.CompleteAsync(claimed["webhook"].Id, OutboxStatus.Waiting, null, old, null, now, default);
        await t.Store.CompleteAsync(claimed["C1"].Id, OutboxStatus.Waiting, null, SlackReason, null, now, default);

        await t.ExecuteAsync(WebhookWaitingReasons.LowerCaseSql);

        var rows = await RowsAsync(t);
        Assert.Equal((OutboxStatus.Waiting, "Trig:Webhooks:Secrets:hooks is not set"), (rows["webhook"].Status, rows["webhook"].LastError));
        Assert.Equal(SlackReason, rows["C1"].LastError); // other reasons are left as they are
        Assert.Equal(new Dictionary<string, int> { ["webhook"] = 1 }, await t.Store.ReleaseWaitingAsync("Trig:Webhooks:Secrets:hooks is not set", now, default));
    }

    [StoreFact]
    public async Task Park_InBatchesSmallerThanWhatIsDue_ParksEveryDueRow()
    {
        await using var t = await OutboxSeed.WithCommittedActionsAsync(await NewStoreAsync(), """
            behaviours:
              - key: a
                on_entry:
                  - slack: { channel: "P1", text: "one" }
                  - slack: { channel: "P2", text: "two" }
                  - slack: { channel: "P3", text: "three" }
                  - webhook: { url: "https://hooks.example.com/1", secret: a, attributes: [plan] }
                  - webhook: { url: "https://hooks.example.com/2", secret: b, attributes: [plan] }
                  - webhook: { url: "https://hooks.example.com/3", secret: configured, attributes: [plan] }
                  - webhook: { url: "https://hooks.example.com/4", secret: a, attributes: [plan] }
            """);
        switch (t.Store)
        {
            case Trig.Crm.Store.Sqlite.SqliteStore s:
                s.ParkBatch = 2;
                break;
            case Trig.Crm.Store.Postgres.PostgresStore p:
                p.ParkBatch = 2;
                break;
        }

        var now = t.Clock.GetUtcNow();

        Assert.Equal(3, await t.Store.ParkDueAsync("slack", SlackReason, now, default)); // batches of 2 and 1
        Assert.Equal(new Dictionary<string, int>
        {
            ["Trig:Webhooks:Secrets:a is not set"] = 2,
            ["Trig:Webhooks:Secrets:b is not set"] = 1,
        }, await t.Store.ParkDueWebhooksAsync("default", ["configured"], "Trig:Webhooks:Secrets:", " is not set", now, default)); // 2, then 1
        var rows = await t.Store.ListAsync(new OutboxQuery(), 100, default);
        Assert.Equal(6, rows.Count(r => r.Status == OutboxStatus.Waiting));
        Assert.Equal("https://hooks.example.com/3", Assert.Single(rows, r => r.Status == OutboxStatus.Pending).Item.Action is WebhookAction w ? w.Url : null);
        Assert.Equal(0, await t.Store.ParkDueAsync("slack", SlackReason, now, default));
    }

    [StoreFact]
    public async Task CountInStatuses_CountsOnlyThoseStatuses()
    {
        await using var t = await WithMixedActionsAsync();
        var now = t.Clock.GetUtcNow();
        var claimed = (await t.Store.ClaimDueAsync(10, now, Lease, default)).ToDictionary(Name);
        await t.Store.CompleteAsync(claimed["C1"].Id, OutboxStatus.Retry, null, "503", now, now, default);
        await t.Store.CompleteAsync(claimed["C2"].Id, OutboxStatus.Retry, null, "503", now, now, default);
        await t.Store.CompleteAsync(claimed["C3"].Id, OutboxStatus.Pending, null, null, now, now, default);
        await t.Store.CompleteAsync(claimed["C4"].Id, OutboxStatus.Waiting, null, SlackReason, null, now, default);
        await t.Store.CompleteAsync(claimed["C5"].Id, OutboxStatus.Sent, "ts", null, null, now, default); // the webhook stays in flight

        Assert.Equal(3, await t.Store.CountInStatusesAsync([OutboxStatus.Pending, OutboxStatus.Retry], default));
        Assert.Equal(1, await t.Store.CountInStatusesAsync([OutboxStatus.Pending], default));
        Assert.Equal(2, await t.Store.CountInStatusesAsync([OutboxStatus.Waiting, OutboxStatus.InFlight], default));
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
