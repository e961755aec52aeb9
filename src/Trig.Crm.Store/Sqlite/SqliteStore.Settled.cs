using Microsoft.Data.Sqlite;
using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Store.Cluster;

namespace Trig.Crm.Store.Sqlite;

/// <summary>
/// Settled units: until when each unit's evaluation holds (<c>entities.settled_until</c>, milliseconds; null: due
/// now), so that a cycle over an unchanged store loads only what time or new data made due.
/// </summary>
public sealed partial class SqliteStore
{
    /// <summary>Settled for good: nothing in the unit's evaluation depends on time.</summary>
    internal const long SettledForever = long.MaxValue;

    /// <summary>
    /// Units made due by new data: their own row is marked dirty, or (an organisation) one of its people's is.
    /// Used where dirty marks are taken, so that taking a mark and settling the unit again are never apart.
    /// </summary>
    private const string UnsettleDirty = """
        UPDATE entities SET settled_until = NULL WHERE settled_until IS NOT NULL AND dirty = 1;
        UPDATE entities SET settled_until = NULL WHERE settled_until IS NOT NULL AND kind = 0
            AND id IN (SELECT organisation_id FROM entities WHERE dirty = 1 AND kind = 1);
        """;

    /// <summary>
    /// Of an only-due cycle, the organisation shards with nothing due (no unit whose settled time has come, none
    /// with new data) are done as they open: nobody claims, loads and commits them for nothing. People without an
    /// organisation are few; their shards are claimed as usual.
    /// </summary>
    private const string SettledShardsSql = """
        UPDATE cluster_shards SET done_at = $now, transitions = '' WHERE cycle_id = $c AND kind = 0
            AND NOT EXISTS (SELECT 1 FROM entities e WHERE e.kind = 0 AND e.id >= cluster_shards.first_id AND e.id <= cluster_shards.last_id
                            AND (e.settled_until IS NULL OR e.settled_until <= $asof OR e.dirty = 1))
            AND NOT EXISTS (SELECT 1 FROM entities p WHERE p.kind = 1 AND p.dirty = 1
                            AND p.organisation_id >= cluster_shards.first_id AND p.organisation_id <= cluster_shards.last_id);
        """;

    public async Task SettleAsync(IReadOnlyList<SettledUnit> settled, CancellationToken cancellationToken)
    {
        if (settled.Count == 0)
        {
            return;
        }

        await using var c = await OpenAsync(cancellationToken);
        await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(cancellationToken);
        using var up = Prepared(c, tx, "UPDATE entities SET settled_until = $u WHERE kind = $k AND id = $id", "$u", "$k", "$id");
        foreach (var s in settled)
        {
            Set(up, s.Until is { } u ? Ms(u) : SettledForever, (int)s.Kind, s.Id);
            await up.ExecuteNonQueryAsync(cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Before a shard is read: its units with new data (or, when the cycle evaluates every unit, all of them) become
    /// due until they are settled again, and the shard's dirty marks are taken, in one transaction.
    /// </summary>
    private async Task TakeShardMarksAsync(SqliteConnection c, ShardClaim shard, CancellationToken ct)
    {
        // Range predicates on the key and on organisation_id, so each statement reads the shard's rows, not every
        // dirty row of the store (after a bulk import every row is dirty): without INDEXED BY, SQLite picks the
        // partial index of dirty rows for the people, and every shard reads all of them.
        var sql = shard.People
            ? $"""
               UPDATE entities AS p SET settled_until = NULL WHERE {OrphanPerson} AND id >= $a AND id <= $b AND settled_until IS NOT NULL AND ($all OR dirty = 1);
               UPDATE entities AS p SET dirty = 0 WHERE {OrphanPerson} AND id >= $a AND id <= $b AND dirty = 1;
               """
            : """
              UPDATE entities SET settled_until = NULL WHERE kind = 0 AND id >= $a AND id <= $b AND settled_until IS NOT NULL
                  AND ($all OR dirty = 1 OR id IN (SELECT organisation_id FROM entities INDEXED BY ix_entities_org WHERE kind = 1 AND dirty = 1 AND organisation_id >= $a AND organisation_id <= $b));
              UPDATE entities SET dirty = 0 WHERE kind = 0 AND id >= $a AND id <= $b AND dirty = 1;
              UPDATE entities AS p INDEXED BY ix_entities_org SET dirty = 0 WHERE kind = 1 AND organisation_id >= $a AND organisation_id <= $b AND dirty = 1
                  AND EXISTS (SELECT 1 FROM entities o WHERE o.kind = 0 AND o.id = p.organisation_id);
              """;
        await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(ct);
        using (var q = Cmd(c, tx, sql, ("$a", shard.FirstId), ("$b", shard.LastId), ("$all", shard.Cycle.OnlyDue ? 0 : 1)))
        {
            await q.ExecuteNonQueryAsync(ct);
        }

        await tx.CommitAsync(ct);
    }

    private static async Task<string?> SettledBasisAsync(SqliteConnection c, SqliteTransaction tx, CancellationToken ct)
    {
        using var q = Cmd(c, tx, "SELECT value FROM checkpoints WHERE key = 'cycle:settled-basis'");
        return await q.ExecuteScalarAsync(ct) as string;
    }

    /// <summary>A closed cycle's basis becomes the one the next cycle is compared with.</summary>
    private static async Task KeepSettledBasisAsync(SqliteConnection c, SqliteTransaction tx, long cycleId, CancellationToken ct)
    {
        using var q = Cmd(c, tx, """
            DELETE FROM checkpoints WHERE key = 'cycle:settled-basis';
            INSERT INTO checkpoints (key, value) SELECT 'cycle:settled-basis', settled_basis FROM cluster_cycles WHERE id = $c AND settled_basis IS NOT NULL;
            """, ("$c", cycleId));
        await q.ExecuteNonQueryAsync(ct);
    }
}
