using Npgsql;
using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Store.Cluster;

namespace Trig.Crm.Store.Postgres;

/// <summary>
/// The sharded full cycle (<see cref="IClusterStore"/>): cycles, shards and their leases. Ids are ordered and compared
/// with the "C" collation (byte order), as SQLite compares them, so both stores cut the same shards.
/// </summary>
public sealed partial class PostgresStore
{
    /// <summary>Serialises opening a cycle across nodes (any constant distinct from the other advisory locks' keys).</summary>
    private const long OpenCycleLock = 0x7472_6967_6379_636C; // "trigcycl"

    private const string OrphanPerson = "kind = 1 AND (organisation_id IS NULL OR NOT EXISTS (SELECT 1 FROM entities o WHERE o.kind = 0 AND o.id = p.organisation_id))";

    public async Task<ClusterCycle> OpenCycleAsync(
        DateTimeOffset asOf, string definitionsVersion, int shardSize, string owner, string? settledBasis, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shardSize, 1);
        await using var c = await OpenAsync(cancellationToken);
        await using var tx = await c.BeginTransactionAsync(cancellationToken);
        using (var lk = Cmd(c, tx, "SELECT pg_advisory_xact_lock(@k)", ("k", OpenCycleLock)))
        {
            await lk.ExecuteNonQueryAsync(cancellationToken);
        }

        if (await OpenCycleAsync(c, tx, cancellationToken) is { } open)
        {
            return open;
        }

        // An only-due cycle cuts its shards over the due units alone (read through indexes); any other over them all.
        var onlyDue = settledBasis is not null && settledBasis == await SettledBasisAsync(c, tx, cancellationToken);
        var ranges = await ClusterRows.CutRangesAsync(sql => Cmd(c, tx, sql), onlyDue, shardSize, asOf, ("kind = 0", DueOrganisationsSql), (OrphanPerson, DueOrphansSql),
            where => $"SELECT rn, n, id FROM (SELECT id, row_number() OVER (ORDER BY id COLLATE \"C\") - 1 AS rn, count(*) OVER () AS n FROM entities p WHERE {where}) t " +
                     $"WHERE {ShardRanges.BoundRows(shardSize)} ORDER BY rn",
            cancellationToken);
        var id = await ClusterRows.InsertCycleAsync(sql => Cmd(c, tx, sql), asOf, definitionsVersion, owner, now, ranges.Count, settledBasis, onlyDue ? 1 : 0, cancellationToken);

        using (var shards = Cmd(c, tx, """
            INSERT INTO cluster_shards (cycle_id, shard, kind, first_id, last_id)
            SELECT @c, s - 1, k, f, l FROM unnest(@k, @f, @l) WITH ORDINALITY AS x(k, f, l, s)
            """, ("c", id), ("k", ranges.Select(x => x.Kind).ToArray()), ("f", ranges.Select(x => x.First).ToArray()), ("l", ranges.Select(x => x.Last).ToArray())))
        {
            await shards.ExecuteNonQueryAsync(cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
        return new ClusterCycle(id, StoreSql.At(Ms(asOf)), definitionsVersion, owner, ranges.Count, onlyDue);
    }

    public async Task<ClusterCycle?> GetOpenCycleAsync(CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        return await OpenCycleAsync(c, null, cancellationToken);
    }

    private static async Task<ClusterCycle?> OpenCycleAsync(NpgsqlConnection c, NpgsqlTransaction? tx, CancellationToken ct)
    {
        using var q = Cmd(c, tx, "SELECT id, as_of, definitions_version, opened_by, shards, only_due FROM cluster_cycles WHERE is_open = 1");
        await using var r = await q.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? new ClusterCycle(r.GetInt64(0), StoreSql.At(r.GetInt64(1)), r.GetString(2), r.GetString(3), r.GetInt32(4), r.GetInt32(5) == 1) : null;
    }

    public async Task<ShardClaim?> ClaimShardAsync(ClusterCycle cycle, string owner, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        // SKIP LOCKED: nodes claiming at once each take a different shard instead of queueing on the same row.
        using var q = Cmd(c, null, """
            UPDATE cluster_shards s SET owner = @o, lease_until = @until
            FROM (SELECT cycle_id, shard FROM cluster_shards WHERE cycle_id = @c AND done_at IS NULL AND (owner IS NULL OR lease_until < @now)
                  ORDER BY shard LIMIT 1 FOR UPDATE SKIP LOCKED) x
            WHERE s.cycle_id = x.cycle_id AND s.shard = x.shard
            RETURNING s.shard, s.kind, s.first_id, s.last_id
            """, ("o", owner), ("until", Ms(until)), ("c", cycle.Id), ("now", Ms(now)));
        return await ClusterRows.ClaimedAsync(q, cycle, owner, cancellationToken);
    }

    public async Task<List<EvaluationUnit>> LoadShardUnitsAsync(ShardClaim shard, CancellationToken cancellationToken)
    {
        const string columns = "kind, id, organisation_id, owner_email, record_url";
        await using var c = await OpenAsync(cancellationToken);
        await TakeShardMarksAsync(c, shard, cancellationToken);
        // One snapshot for the reads, so a concurrent write never shows half in them.
        await using var tx = await c.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        // The shard's entities by its id range, set-based: its organisations and their people, or its people without one.
        var due = shard.Cycle.OnlyDue ? " AND (settled_until IS NULL OR settled_until <= @asof)" : "";
        var sql = shard.People
            ? $"SELECT {columns} FROM entities p WHERE {OrphanPerson} AND id COLLATE \"C\" BETWEEN @a AND @b{due}"
            : $"""
               SELECT {columns} FROM entities WHERE kind = 0 AND id COLLATE "C" BETWEEN @a AND @b{due}
               UNION ALL
               SELECT p.kind, p.id, p.organisation_id, p.owner_email, p.record_url FROM entities o
               JOIN entities p ON p.kind = 1 AND p.organisation_id = o.id WHERE o.kind = 0 AND o.id COLLATE "C" BETWEEN @a AND @b{due.Replace("settled_until", "o.settled_until", StringComparison.Ordinal)}
               """;
        var all = new Dictionary<(int, string), EntityState>();
        using (var q = Cmd(c, tx, sql, ("a", shard.FirstId), ("b", shard.LastId), ("asof", Ms(shard.Cycle.AsOf))))
        await using (var r = await q.ExecuteReaderAsync(cancellationToken))
        {
            while (await r.ReadAsync(cancellationToken))
            {
                var e = Evaluation.UnitRows.ReadEntity(r);
                all[((int)e.Kind, e.Id)] = e;
            }
        }

        await ReadDetailsAsync(c, tx, all, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return Group(all.Values);
    }

    public async Task<bool> CommitShardAsync(ShardClaim shard, EvaluationResult result, DefinitionSet set, ShardOutcome outcome, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        await using var tx = await c.BeginTransactionAsync(cancellationToken);
        // The row lock this update takes is held to the commit: a node claiming the shard meanwhile skips it.
        if (!await ClusterRows.MarkDoneAsync(sql => Cmd(c, tx, sql), shard, outcome, now, cancellationToken))
        {
            await tx.RollbackAsync(cancellationToken);
            return false;
        }

        await WriteEvaluationAsync(c, tx, result, set, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<IReadOnlyList<ShardOutcome>?> CloseCycleAsync(long cycleId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        await using var tx = await c.BeginTransactionAsync(cancellationToken);
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
        await using (var tx = await c.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken))
        {
            (fingerprint, var kept) = await BenchmarkCache.ReadAsync(sql => Cmd(c, tx, sql), objectives, cancellationToken);
            if (kept is not null)
            {
                return BenchmarkCache.ToBenchmarks(kept);
            }

            using var q = Cmd(c, tx, """
                SELECT x.s, x.o, SUM(GREATEST(0, om.last_completed - sm.entered_at))::bigint, COUNT(*)
                FROM unnest(@s, @o) AS x(s, o)
                JOIN memberships sm ON sm.kind = 0 AND sm.definition_key = x.s
                JOIN memberships om ON om.kind = 0 AND om.entity_id = sm.entity_id AND om.definition_key = x.o
                WHERE om.status = @done AND om.last_completed IS NOT NULL
                GROUP BY x.s, x.o
                """, ("s", objectives.Select(x => x.Stage).ToArray()), ("o", objectives.Select(x => x.Objective).ToArray()), ("done", (int)MembershipStatus.Completed));
            await using var a = await q.ExecuteReaderAsync(cancellationToken);
            while (await a.ReadAsync(cancellationToken))
            {
                rows.Add(new BenchmarkCache.Row(a.GetString(0), a.GetString(1), a.GetInt64(2), a.GetInt64(3)));
            }
        }

        // Saved for the shard runners before the aggregate is kept: a crash in between leaves it to be computed again.
        var benchmarks = BenchmarkCache.ToBenchmarks(rows);
        await SaveBenchmarksAsync(benchmarks, cancellationToken);
        await SetCheckpointAsync(BenchmarkCache.CheckpointKey, BenchmarkCache.Write(fingerprint, rows), cancellationToken);
        return benchmarks;
    }
}
