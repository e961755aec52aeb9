using Microsoft.Data.Sqlite;
using Trig.Crm.Store.Runs;

namespace Trig.Crm.Store.Sqlite;

public sealed partial class SqliteStore
{
    public async Task<long> RecordRunAsync(CycleRun run, IReadOnlyCollection<string> evaluated, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(cancellationToken);
        long id;
        using (var insert = Cmd(c, tx, """
            INSERT INTO cycle_runs (kind, started_at, duration_ms, outcome, error, entities, transitions, actions_queued, properties_written)
            VALUES ($kind, $at, $ms, $outcome, $error, $entities, $transitions, $queued, $written) RETURNING id
            """,
            ("$kind", run.Kind), ("$at", Ms(run.StartedAt)), ("$ms", (long)run.Duration.TotalMilliseconds), ("$outcome", run.Outcome), ("$error", run.Error),
            ("$entities", run.EntitiesEvaluated), ("$transitions", run.Transitions), ("$queued", run.ActionsQueued), ("$written", run.PropertiesWritten)))
        {
            id = (long)(await insert.ExecuteScalarAsync(cancellationToken))!;
        }

        if (run.Succeeded && evaluated.Count > 0)
        {
            using var fresh = Prepared(c, tx, """
                INSERT INTO definition_freshness (key, evaluated_at) VALUES ($k, $at)
                ON CONFLICT (key) DO UPDATE SET evaluated_at = MAX(definition_freshness.evaluated_at, excluded.evaluated_at)
                """, "$k", "$at");
            foreach (var key in evaluated)
            {
                Set(fresh, key, Ms(run.StartedAt));
                await fresh.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await tx.CommitAsync(cancellationToken);
        return id;
    }

    public async Task<IReadOnlyList<CycleRun>> RecentRunsAsync(int limit, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        using var q = Cmd(c, null, """
            SELECT id, kind, started_at, duration_ms, outcome, error, entities, transitions, actions_queued, properties_written
            FROM cycle_runs ORDER BY started_at DESC, id DESC LIMIT $limit
            """, ("$limit", limit));
        await using var r = await q.ExecuteReaderAsync(cancellationToken);
        var runs = new List<CycleRun>();
        while (await r.ReadAsync(cancellationToken))
        {
            runs.Add(new CycleRun(r.GetInt64(0), r.GetString(1), At(r.GetInt64(2)), TimeSpan.FromMilliseconds(r.GetInt64(3)), r.GetString(4),
                r.IsDBNull(5) ? null : r.GetString(5), r.GetInt32(6), r.GetInt32(7), r.GetInt32(8), r.GetInt32(9)));
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
        using var q = Cmd(c, null, "SELECT MIN(next_attempt_at) FROM outbox WHERE status IN ('pending', 'retry') AND next_attempt_at <= $now", ("$now", Ms(now)));
        return await q.ExecuteScalarAsync(cancellationToken) is long ms ? At(ms) : null;
    }
}
