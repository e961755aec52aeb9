using Microsoft.Data.Sqlite;
using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Store.Cluster;

namespace Trig.Crm.Store.Sqlite;

/// <summary>The sharded full cycle (<see cref="IClusterStore"/>): cycles, shards and their leases.</summary>
public sealed partial class SqliteStore
{
    /// <summary>People whose organisation is not in the store form units of their own (as <see cref="Group"/> makes them).</summary>
    private const string OrphanPerson = "kind = 1 AND (organisation_id IS NULL OR NOT EXISTS (SELECT 1 FROM entities o WHERE o.kind = 0 AND o.id = p.organisation_id))";

    public async Task<ClusterCycle> OpenCycleAsync(
        DateTimeOffset asOf, string definitionsVersion, int shardSize, string owner, string? settledBasis, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shardSize, 1);
        await using var c = await OpenAsync(cancellationToken);
        await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(cancellationToken);
        if (await OpenCycleAsync(c, tx, cancellationToken) is { } open)
        {
            return open;
        }

        // An only-due cycle cuts its shards over the due units alone (read through indexes); any other over them all.
        var onlyDue = settledBasis is not null && settledBasis == await SettledBasisAsync(c, tx, cancellationToken);
        var ranges = await ClusterRows.CutRangesAsync(sql => Cmd(c, tx, sql), onlyDue, shardSize, asOf, ("kind = 0", DueOrganisationsSql), (OrphanPerson, DueOrphansSql),
            where => $"SELECT rn, n, id FROM (SELECT id, row_number() OVER (ORDER BY id) - 1 AS rn, count(*) OVER () AS n FROM entities p WHERE {where}) " +
                     $"WHERE {ShardRanges.BoundRows(shardSize)} ORDER BY rn",
            cancellationToken);
        var sparse = onlyDue && ranges.Count <= SparseShards;
        var id = await ClusterRows.InsertCycleAsync(sql => Cmd(c, tx, sql), asOf, definitionsVersion, owner, now, ranges.Count, settledBasis,
            onlyDue ? (sparse ? OnlyDueSparse : 1) : 0, cancellationToken);

        using (var shard = Prepared(c, tx, "INSERT INTO cluster_shards (cycle_id, shard, kind, first_id, last_id) VALUES ($c, $s, $k, $f, $l)", "$c", "$s", "$k", "$f", "$l"))
        {
            for (var i = 0; i < ranges.Count; i++)
            {
                Set(shard, id, i, ranges[i].Kind, ranges[i].First, ranges[i].Last);
                await shard.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await tx.CommitAsync(cancellationToken);
        return new ClusterCycle(id, StoreSql.At(Ms(asOf)), definitionsVersion, owner, ranges.Count, onlyDue) { DueByIndex = sparse };
    }

    public async Task<ClusterCycle?> GetOpenCycleAsync(CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        return await OpenCycleAsync(c, null, cancellationToken);
    }

    private static async Task<ClusterCycle?> OpenCycleAsync(SqliteConnection c, SqliteTransaction? tx, CancellationToken ct)
    {
        using var q = Cmd(c, tx, "SELECT id, as_of, definitions_version, opened_by, shards, only_due FROM cluster_cycles WHERE is_open = 1");
        await using var r = await q.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? new ClusterCycle(r.GetInt64(0), StoreSql.At(r.GetInt64(1)), r.GetString(2), r.GetString(3), r.GetInt32(4), r.GetInt32(5) >= 1) { DueByIndex = r.GetInt32(5) == OnlyDueSparse } : null;
    }

    public async Task<ShardClaim?> ClaimShardAsync(ClusterCycle cycle, string owner, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        // One statement: SQLite runs one writer at a time, so two processes cannot take the same shard.
        using var q = Cmd(c, null, """
            UPDATE cluster_shards SET owner = $o, lease_until = $until
            WHERE cycle_id = $c AND shard = (SELECT shard FROM cluster_shards WHERE cycle_id = $c AND done_at IS NULL
                                              AND (owner IS NULL OR lease_until < $now) ORDER BY shard LIMIT 1)
            RETURNING shard, kind, first_id, last_id
            """, ("$o", owner), ("$until", Ms(until)), ("$c", cycle.Id), ("$now", Ms(now)));
        return await ClusterRows.ClaimedAsync(q, cycle, owner, cancellationToken);
    }

    public async Task<List<EvaluationUnit>> LoadShardUnitsAsync(ShardClaim shard, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        await TakeShardMarksAsync(c, shard, cancellationToken);
        await using var tx = c.BeginTransaction(deferred: true);
        await ClearSelectionAsync(c, tx, cancellationToken);
        // The shard's entities by its id range, set-based: its (due) organisations and their people, or its people without one.
        var due = shard.Cycle.OnlyDue ? " AND (settled_until IS NULL OR settled_until <= $asof)" : "";
        var fill = shard.Cycle.DueByIndex ? (shard.People ? SparsePeopleUnits : SparseOrganisationUnits)
            : shard.People
            ? $"INSERT INTO sel SELECT 1, id FROM entities p WHERE {OrphanPerson} AND id >= $a AND id <= $b{due};"
            : $"""
              INSERT INTO sel SELECT 0, id FROM entities WHERE kind = 0 AND id >= $a AND id <= $b{due};
              INSERT OR IGNORE INTO sel SELECT 1, p.id FROM sel o CROSS JOIN entities p ON p.organisation_id = o.id WHERE o.kind = 0 AND p.kind = 1;
              """;
        using (var q = Cmd(c, tx, fill, ("$a", shard.FirstId), ("$b", shard.LastId), ("$asof", Ms(shard.Cycle.AsOf))))
        {
            await q.ExecuteNonQueryAsync(cancellationToken);
        }

        var units = await ReadUnitsAsync(c, tx, selected: true, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return units;
    }

    public async Task<bool> CommitShardAsync(ShardClaim shard, EvaluationResult result, DefinitionSet set, ShardOutcome outcome, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(cancellationToken);
        if (!await ClusterRows.MarkDoneAsync(sql => Cmd(c, tx, sql), shard, outcome, now, cancellationToken))
        {
            return false;
        }

        await WriteEvaluationAsync(c, tx, result, set, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<IReadOnlyList<ShardOutcome>?> CloseCycleAsync(long cycleId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(cancellationToken);
        return await ClusterRows.CloseAsync(sql => Cmd(c, tx, sql), cycleId, now, async asOf =>
        {
            await SetLastCycleAsync(c, tx, StoreSql.At(asOf), cancellationToken);
            await KeepSettledBasisAsync(c, tx, cycleId, cancellationToken);
        }, () => tx.CommitAsync(cancellationToken), cancellationToken);
    }

    public async Task<Dictionary<(string Stage, string Objective), Benchmark>> ComputeBenchmarksAsync(
        IReadOnlyCollection<(string Stage, string Objective)> objectives, CancellationToken cancellationToken)
    {
        var rows = new List<BenchmarkCache.Row>();
        string fingerprint;
        await using var c = await OpenAsync(cancellationToken);
        // One snapshot for the fingerprint and the aggregate, so the kept rows are never older than their fingerprint.
        await using (var tx = c.BeginTransaction(deferred: true))
        {
            (fingerprint, var kept) = await BenchmarkCache.ReadAsync(sql => Cmd(c, tx, sql), objectives, cancellationToken);
            if (kept is not null)
            {
                return BenchmarkCache.ToBenchmarks(kept);
            }

            using var q = Prepared(c, tx, """
                SELECT SUM(MAX(0, o.last_completed - s.entered_at)), COUNT(*)
                FROM memberships s JOIN memberships o ON o.kind = 0 AND o.entity_id = s.entity_id AND o.definition_key = $o
                WHERE s.kind = 0 AND s.definition_key = $s AND o.status = $done AND o.last_completed IS NOT NULL
                """, "$s", "$o", "$done");
            foreach (var (stage, objective) in objectives)
            {
                Set(q, stage, objective, (int)MembershipStatus.Completed);
                await using var r = await q.ExecuteReaderAsync(cancellationToken);
                if (await r.ReadAsync(cancellationToken) && r.GetInt64(1) is var n and > 0)
                {
                    rows.Add(new BenchmarkCache.Row(stage, objective, r.GetInt64(0), n));
                }
            }
        }

        // Saved for the shard runners before the aggregate is kept: a crash in between leaves it to be computed again.
        var benchmarks = BenchmarkCache.ToBenchmarks(rows);
        await SaveBenchmarksAsync(benchmarks, cancellationToken);
        await SetCheckpointAsync(BenchmarkCache.CheckpointKey, BenchmarkCache.Write(fingerprint, rows), cancellationToken);
        return benchmarks;
    }
}
