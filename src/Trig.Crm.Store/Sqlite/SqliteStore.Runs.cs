using Microsoft.Data.Sqlite;
using Trig.Crm.Store.Runs;

namespace Trig.Crm.Store.Sqlite;

public sealed partial class SqliteStore
{
    public async Task<long> RecordRunAsync(CycleRun run, IReadOnlyCollection<string> evaluated, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(cancellationToken);
        var id = await RunRows.InsertAsync(sql => Cmd(c, tx, sql), run, cancellationToken);

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
}
