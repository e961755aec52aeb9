using System.Globalization;
using Trig.Crm.Store.Runs;

namespace Trig.Crm.Store.Postgres;

/// <summary>The run history (cycle_runs), each definition's last evaluation, and the store-wide cycle lease.</summary>
public sealed partial class PostgresStore
{
    private const string LeaseKey = "cycle:lease";

    // PostgreSQL roles decide what a connection may write; the store does not guess it from the connection string.
    public bool IsReadOnly => false;

    public async Task<long> RecordRunAsync(CycleRun run, IReadOnlyCollection<string> evaluated, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        await using var tx = await c.BeginTransactionAsync(cancellationToken);
        long id;
        using (var insert = Cmd(c, tx, """
                   INSERT INTO cycle_runs (kind, started_at, duration_ms, outcome, error, entities, transitions, actions_queued, properties_written)
                   VALUES (@kind, @at, @ms, @outcome, @error, @entities, @transitions, @queued, @written) RETURNING id
                   """,
                   ("kind", run.Kind), ("at", Ms(run.StartedAt)), ("ms", (long)run.Duration.TotalMilliseconds), ("outcome", run.Outcome), ("error", run.Error),
                   ("entities", run.EntitiesEvaluated), ("transitions", run.Transitions), ("queued", run.ActionsQueued), ("written", run.PropertiesWritten)))
        {
            id = (long)(await insert.ExecuteScalarAsync(cancellationToken))!;
        }

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
        using var q = Cmd(c, null, """
            SELECT id, kind, started_at, duration_ms, outcome, error, entities, transitions, actions_queued, properties_written
            FROM cycle_runs ORDER BY started_at DESC, id DESC LIMIT @limit
            """, ("limit", limit));
        await using var r = await q.ExecuteReaderAsync(cancellationToken);
        var runs = new List<CycleRun>();
        while (await r.ReadAsync(cancellationToken))
        {
            runs.Add(new CycleRun(r.GetInt64(0), r.GetString(1), At(r.GetInt64(2)), TimeSpan.FromMilliseconds(r.GetInt64(3)), r.GetString(4),
                Str(r, 5), r.GetInt32(6), r.GetInt32(7), r.GetInt32(8), r.GetInt32(9)));
        }

        return runs;
    }

    public async Task<IReadOnlyDictionary<string, DateTimeOffset>> FreshnessAsync(CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        using var q = Cmd(c, null, "SELECT key, evaluated_at FROM definition_freshness");
        await using var r = await q.ExecuteReaderAsync(cancellationToken);
        var d = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        while (await r.ReadAsync(cancellationToken))
        {
            d[r.GetString(0)] = At(r.GetInt64(1));
        }

        return d;
    }

    public async Task<DateTimeOffset?> OldestDueActionAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        using var q = Cmd(c, null, "SELECT MIN(next_attempt_at) FROM outbox WHERE status IN ('pending', 'retry') AND next_attempt_at <= @now", ("now", Ms(now)));
        return await q.ExecuteScalarAsync(cancellationToken) is long ms ? At(ms) : null;
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
            ("k", LeaseKey), ("v", $"{until.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}|{owner}"), ("now", now.ToUnixTimeMilliseconds()), ("owner", owner));
        if (await take.ExecuteNonQueryAsync(cancellationToken) == 1)
        {
            return null;
        }

        using var read = Cmd(c, null, "SELECT value FROM checkpoints WHERE key = @k", ("k", LeaseKey));
        var held = await read.ExecuteScalarAsync(cancellationToken) as string ?? "";
        var bar = held.IndexOf('|', StringComparison.Ordinal);
        var heldUntil = bar > 0 && long.TryParse(held[..bar], NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(Math.Clamp(ms, 0, DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)
            : "?";
        return $"held by {(bar >= 0 ? held[(bar + 1)..] : held)} until {heldUntil}";
    }

    public async Task ReleaseCycleLeaseAsync(string owner, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        using var q = Cmd(c, null, "DELETE FROM checkpoints WHERE key = @k AND substr(value, strpos(value, '|') + 1) = @owner", ("k", LeaseKey), ("owner", owner));
        await q.ExecuteNonQueryAsync(cancellationToken);
    }
}
