using Microsoft.Data.Sqlite;
using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Store.Cluster;

namespace Trig.Crm.Store.Sqlite;

/// <summary>
/// Settled units: until when each unit's evaluation holds (<c>entities.settled_until</c>, milliseconds; null for an
/// organisation due now, 0 for a person without one due now, null for people in an organisation, who are never units
/// of their own), so that a cycle over an unchanged store loads only what time or new data made due.
/// </summary>
public sealed partial class SqliteStore
{
    /// <summary>Settled for good: nothing in the unit's evaluation depends on time.</summary>
    internal const long SettledForever = long.MaxValue;

    /// <summary>
    /// Units made due by new data: their own row is marked dirty, or (an organisation) one of its people's is.
    /// Used where dirty marks are taken, so that taking a mark and settling the unit again are never apart. An
    /// organisation due now has no settled time (null); a person without an organisation has 0, so that the
    /// cycle finds due ones through an index on the settled time (people in an organisation, never units of their
    /// own, keep null).
    /// </summary>
    private const string UnsettleDirty = $"""
        UPDATE entities SET settled_until = NULL WHERE settled_until IS NOT NULL AND dirty = 1 AND kind = 0;
        UPDATE entities SET settled_until = NULL WHERE settled_until IS NOT NULL AND kind = 0
            AND id IN (SELECT organisation_id FROM entities WHERE dirty = 1 AND kind = 1);
        UPDATE entities AS p SET settled_until = CASE WHEN {OrphanPerson} THEN 0 END
            WHERE kind = 1 AND dirty = 1 AND settled_until IS NOT (CASE WHEN {OrphanPerson} THEN 0 END);
        """;

    /// <summary>
    /// Of an only-due cycle, the due organisations: those with no settled time, or one that has come, or new data
    /// (their own or a person's). Each part is read through an index, so the cost follows what is due, not the store
    /// (INDEXED BY: without statistics SQLite would rather scan every organisation for the settled times).
    /// </summary>
    private const string DueOrganisationsSql = """
        SELECT id FROM entities WHERE kind = 0 AND settled_until IS NULL
        UNION SELECT id FROM entities INDEXED BY ix_entities_org_settled WHERE kind = 0 AND settled_until <= $asof
        UNION SELECT id FROM entities WHERE kind = 0 AND dirty = 1
        UNION SELECT o.id FROM entities p JOIN entities o ON o.kind = 0 AND o.id = p.organisation_id WHERE p.dirty = 1 AND p.kind = 1
        ORDER BY 1
        """;

    /// <summary>Of an only-due cycle, the due people without an organisation (settled time come, or new data).</summary>
    private const string DueOrphansSql = $"""
        SELECT id FROM entities p WHERE kind = 1 AND id IN (
            SELECT id FROM entities INDEXED BY ix_entities_person_settled WHERE kind = 1 AND settled_until IS NOT NULL AND settled_until <= $asof
            UNION SELECT id FROM entities WHERE kind = 1 AND dirty = 1)
          AND {OrphanPerson}
        ORDER BY id
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
        var sql = shard.Cycle.DueByIndex ? (shard.People ? SparsePeopleMarks : SparseOrganisationMarks)
            : shard.People
            ? $"""
               UPDATE entities AS p SET settled_until = 0 WHERE {OrphanPerson} AND id >= $a AND id <= $b AND settled_until IS NOT 0 AND ($all OR dirty = 1);
               UPDATE entities AS p SET dirty = 0 WHERE {OrphanPerson} AND id >= $a AND id <= $b AND dirty = 1;
               """
            : """
              UPDATE entities SET settled_until = NULL WHERE kind = 0 AND id >= $a AND id <= $b AND settled_until IS NOT NULL
                  AND ($all OR dirty = 1 OR id IN (SELECT organisation_id FROM entities INDEXED BY ix_entities_org WHERE kind = 1 AND dirty = 1 AND organisation_id >= $a AND organisation_id <= $b));
              UPDATE entities SET dirty = 0 WHERE kind = 0 AND id >= $a AND id <= $b AND dirty = 1;
              UPDATE entities AS p INDEXED BY ix_entities_org SET dirty = 0, settled_until = NULL WHERE kind = 1 AND organisation_id >= $a AND organisation_id <= $b AND dirty = 1
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
