using Trig.Crm.Store.Runs;

namespace Trig.Crm.Store.Sqlite;

/// <summary>The store-wide cycle lease: one checkpoint row, <c>until-ms|owner</c>, taken and renewed with one upsert.</summary>
public sealed partial class SqliteStore
{
    public async Task<string?> TryTakeCycleLeaseAsync(string owner, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        // The upsert only overwrites an expired lease or the owner's own, so two processes cannot both take it.
        using var take = Cmd(c, null, """
            INSERT INTO checkpoints (key, value) VALUES ($k, $v)
            ON CONFLICT (key) DO UPDATE SET value = excluded.value
            WHERE CAST(substr(checkpoints.value, 1, instr(checkpoints.value, '|') - 1) AS INTEGER) < $now
               OR substr(checkpoints.value, instr(checkpoints.value, '|') + 1) = $owner
            """,
            ("$k", RunRows.LeaseKey), ("$v", RunRows.LeaseValue(owner, until)), ("$now", now.ToUnixTimeMilliseconds()), ("$owner", owner));
        if (await take.ExecuteNonQueryAsync(cancellationToken) == 1)
        {
            return null;
        }

        return await RunRows.LeaseHolderAsync(sql => Cmd(c, null, sql), cancellationToken);
    }

    public async Task ReleaseCycleLeaseAsync(string owner, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        using var q = Cmd(c, null, "DELETE FROM checkpoints WHERE key = $k AND substr(value, instr(value, '|') + 1) = $owner", ("$k", RunRows.LeaseKey), ("$owner", owner));
        await q.ExecuteNonQueryAsync(cancellationToken);
    }
}
