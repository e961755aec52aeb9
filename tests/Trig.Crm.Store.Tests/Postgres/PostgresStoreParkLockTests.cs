using Npgsql;
using Trig.Crm.Store.Postgres;
using Trig.Crm.Store.Tests.Contract;
using Trig.Crm.Testing.Stores;

namespace Trig.Crm.Store.Tests.Postgres;

/// <summary>
/// Parking next to another node's claim in progress (its rows locked, not yet committed): the parker neither waits
/// for those rows nor touches them once they are in flight.
/// </summary>
[Collection(PostgresCollection.Name)]
[RequiresPostgres]
public sealed class PostgresStoreParkLockTests(SharedPostgres postgres)
{
    private const string Reason = "Trig:Slack:BotToken is not set";

    [StoreFact]
    public async Task ParkDue_RowsLockedByAClaimInProgress_AreSkipped_NotWaitedOn_AndStayClaimed()
    {
        await using var t = await postgres.NewStoreAsync();
        await OutboxSeed.WithCommittedActionsAsync(t, """
            behaviours:
              - key: a
                on_entry:
                  - slack: { channel: "C1", text: "one" }
                  - slack: { channel: "C2", text: "two" }
                  - slack: { channel: "C3", text: "three" }
            """);
        var now = t.Clock.GetUtcNow();
        await using var claim = new NpgsqlConnection(t.ConnectionString);
        await claim.OpenAsync();
        await using var tx = await claim.BeginTransactionAsync();
        var held = (long)(await new NpgsqlCommand("SELECT id FROM outbox ORDER BY id LIMIT 1 FOR UPDATE", claim, tx).ExecuteScalarAsync())!;
        // A parker that waited for the held row would fail here (lock_timeout) instead of hanging the test.
        await using var parker = new PostgresStore(t.ConnectionString + ";Options=-c lock_timeout=5000", t.Clock);

        Assert.Equal(2, await parker.ParkDueAsync("slack", Reason, now, default));
        await new NpgsqlCommand($"UPDATE outbox SET status = 'in_flight', attempts = attempts + 1, claimed_until = {now.AddMinutes(5).ToUnixTimeMilliseconds()} WHERE id = {held}", claim, tx).ExecuteNonQueryAsync();
        await tx.CommitAsync();
        Assert.Equal(0, await parker.ParkDueAsync("slack", Reason, now, default));

        var rows = await t.Store.ListAsync(new OutboxQuery(), 10, default);
        Assert.Equal(OutboxStatus.InFlight, Assert.Single(rows, r => r.Item.Id == held).Status);
        Assert.All(rows.Where(r => r.Item.Id != held), r => Assert.Equal((OutboxStatus.Waiting, Reason), (r.Status, r.LastError)));
    }
}
