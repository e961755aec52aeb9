using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Testing.Stores;

namespace Trig.Crm.Store.Tests.Contract;

/// <summary>Rows taken by several dispatchers (or nodes) at once: each is taken by one of them only.</summary>
public abstract class StoreClaimContract : StoreContract
{
    private const string ManyActions = """
        behaviours:
          - key: everyone
            on_entry:
              - slack: { channel: "C1", text: "one" }
              - slack: { channel: "C2", text: "two" }
              - slack: { channel: "C3", text: "three" }
        """;

    [StoreFact]
    public async Task Claim_FourStoresAtOnce_EachRowIsClaimedByExactlyOne()
    {
        await using var t = await NewStoreAsync();
        await t.Store.UpsertAsync(
            [.. Enumerable.Range(1, 40).Select(i => new CrmRecord(EntityKind.Organisation, $"o{i}", null, new Dictionary<string, AttributeValue>()))], default);
        await OutboxSeed.WithCommittedActionsAsync(t, ManyActions); // 40 organisations (o1 among them) × 3 actions
        var nodes = Enumerable.Range(0, 4).Select(_ => t.Open()).ToList();
        var now = t.Clock.GetUtcNow();

        var claims = await Task.WhenAll(nodes.Select(n => Task.Run(async () =>
        {
            var mine = new List<long>();
            while (await n.ClaimDueAsync(5, now, TimeSpan.FromMinutes(5), default) is { Count: > 0 } batch)
            {
                mine.AddRange(batch.Select(i => i.Id));
            }

            return mine;
        })));

        var all = claims.SelectMany(c => c).ToList();
        Assert.Equal(120, all.Count);
        Assert.Equal(all.Count, all.Distinct().Count());
        Assert.Equal(120, (await t.Store.CountByStatusAsync(default))["in_flight"]);
    }

    [StoreFact]
    public async Task ParkDue_TwoNodesAtOnce_BothFinish_AndEachRowIsParkedOnce()
    {
        await using var t = await NewStoreAsync();
        await t.Store.UpsertAsync(
            [.. Enumerable.Range(1, 300).Select(i => new CrmRecord(EntityKind.Organisation, $"o{i}", null, new Dictionary<string, AttributeValue>()))], default);
        await OutboxSeed.WithCommittedActionsAsync(t, ManyActions); // 900 rows: long enough a statement for the two to overlap
        var nodes = new[] { t.Open(), t.Open() };
        var now = t.Clock.GetUtcNow();
        const string reason = "Trig:Slack:BotToken is not set";

        // A few rounds, the rows released in between: each round is a fresh race.
        for (var round = 0; round < 3; round++)
        {
            var parked = await Task.WhenAll(nodes.Select(n => Task.Run(() => n.ParkDueAsync("slack", reason, now, default))));

            Assert.Equal(900, parked.Sum());
            var rows = await t.Store.ListAsync(new OutboxQuery(), 1000, default);
            Assert.Equal(900, rows.Count(r => r.Status == OutboxStatus.Waiting && r.LastError == reason && r.Item.Attempts == -1)); // no attempt made
            Assert.Equal(900, (await t.Store.ReleaseWaitingAsync(reason, now, default))["slack"]);
        }
    }

    [StoreFact]
    public async Task Claim_ExpiredLeaseOfAnotherNode_IsTakenOver_AndItsLateCompletionIsOverwrittenByTheNewOwner()
    {
        await using var t = await NewStoreAsync();
        await OutboxSeed.WithCommittedActionsAsync(t, ManyActions);
        var lease = TimeSpan.FromMinutes(1);
        var (a, b) = (t.Open(), t.Open());
        var first = await a.ClaimDueAsync(1, t.Clock.GetUtcNow(), lease, default);
        await a.MarkSendingAsync(first[0].Id, default);

        Assert.DoesNotContain(first[0].Id, (await b.ClaimDueAsync(10, t.Clock.GetUtcNow(), lease, default)).Select(i => i.Id));
        t.Clock.Advance(lease + TimeSpan.FromSeconds(1));
        var takenOver = Assert.Single(await b.ClaimDueAsync(10, t.Clock.GetUtcNow(), lease, default), i => i.Id == first[0].Id);

        Assert.True(takenOver.OutcomeUnknown);
        Assert.Equal(1, takenOver.Attempts);
        await b.CompleteAsync(takenOver.Id, OutboxStatus.Sent, "ts-1", null, null, t.Clock.GetUtcNow(), default);
        var sent = Assert.Single(await t.Store.ListAsync(OutboxStatus.Sent, 10, default));
        Assert.Equal(("ts-1", null), (sent.Detail, sent.LastError));
    }

    [StoreFact]
    public async Task RefreshQueue_TakenByTwoStores_HandsEachRecordOutOnce()
    {
        await using var t = await NewStoreAsync();
        var refs = Enumerable.Range(1, 30).Select(i => new CrmRecordRef(EntityKind.Person, $"p{i}")).ToList();
        await t.Store.EnqueueRefreshAsync(refs, t.Clock.GetUtcNow(), default);
        await t.Store.EnqueueRefreshAsync(refs.Take(5).ToList(), t.Clock.GetUtcNow(), default); // already queued: no copy

        var (a, b) = (t.Open(), t.Open());
        var taken = await Task.WhenAll(Task.Run(() => a.TakeRefreshAsync(20, default)), Task.Run(() => b.TakeRefreshAsync(20, default)));

        var all = taken.SelectMany(x => x).ToList();
        Assert.Equal(30, all.Count);
        Assert.Equal(30, all.Distinct().Count());
        Assert.Empty(await t.Store.TakeRefreshAsync(20, default));
    }
}
