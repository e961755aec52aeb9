using Trig.Crm.Store.Runs;

namespace Trig.Crm.Store.Postgres;

/// <summary>The run history (cycle_runs), each definition's last evaluation, and the store-wide cycle lease.</summary>
public sealed partial class PostgresStore
{
    // PostgreSQL roles decide what a connection may write; the store does not guess it from the connection string.
    public bool IsReadOnly => false;

    public async Task<long> RecordRunAsync(CycleRun run, IReadOnlyCollection<string> evaluated, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        await using var tx = await c.BeginTransactionAsync(cancellationToken);
        var id = await RunRows.InsertAsync(sql => Cmd(c, tx, sql), run, cancellationToken);

        if (run.Succeeded && evaluated.Count > 0)
        {
            using var fresh = Cmd(c, tx, """
                INSERT INTO definition_freshness (key, evaluated_at) SELECT DISTINCT k, @at FROM unnest(@k) AS x(k)
                ON CONFLICT (key) DO UPDATE SET evaluated_at = GREATEST(definition_freshness.evaluated_at, excluded.evaluated_at)
                """, ("at", Ms(run.StartedAt)), ("k", evaluated.ToArray()));
            await fresh.ExecuteNonQueryAsync(cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
        return id;
    }

    public async Task<IReadOnlyList<CycleRun>> RecentRunsAsync(int limit, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        return await RunRows.RecentAsync(sql => Cmd(c, null, sql), limit, cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, DateTimeOffset>> FreshnessAsync(CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        return await RunRows.FreshnessAsync(sql => Cmd(c, null, sql), cancellationToken);
    }

    public async Task<DateTimeOffset?> OldestDueActionAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        return await RunRows.OldestDueActionAsync(sql => Cmd(c, null, sql), now, cancellationToken);
    }

    public async Task<string?> TryTakeCycleLeaseAsync(string owner, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        // One checkpoint row, until-ms|owner. The upsert only overwrites an expired lease or the owner's own; the row
        // lock it takes makes a second process wait and then see the first one's lease, so two cannot both take it.
        using var take = Cmd(c, null, """
            INSERT INTO checkpoints (key, value) VALUES (@k, @v)
            ON CONFLICT (key) DO UPDATE SET value = excluded.value
            WHERE CAST(split_part(checkpoints.value, '|', 1) AS bigint) < @now
               OR substr(checkpoints.value, strpos(checkpoints.value, '|') + 1) = @owner
            """,
            ("k", RunRows.LeaseKey), ("v", RunRows.LeaseValue(owner, until)), ("now", now.ToUnixTimeMilliseconds()), ("owner", owner));
        if (await take.ExecuteNonQueryAsync(cancellationToken) == 1)
        {
            return null;
        }

        return await RunRows.LeaseHolderAsync(sql => Cmd(c, null, sql), cancellationToken);
    }

    public async Task ReleaseCycleLeaseAsync(string owner, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        using var q = Cmd(c, null, "DELETE FROM checkpoints WHERE key = @k AND substr(value, strpos(value, '|') + 1) = @owner", ("k", RunRows.LeaseKey), ("owner", owner));
        await q.ExecuteNonQueryAsync(cancellationToken);
    }
}
