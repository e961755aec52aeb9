using Npgsql;
using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Store.Cluster;

namespace Trig.Crm.Store.Postgres;

/// <summary>
/// Settled units: until when each unit's evaluation holds (<c>entities.settled_until</c>, milliseconds; null for an
/// organisation due now, 0 for a person without one due now, null for people in an organisation, who are never units
/// of their own), so that a cycle over an unchanged store loads only what time or new data made due.
/// </summary>
public sealed partial class PostgresStore
{
    /// <summary>Settled for good: nothing in the unit's evaluation depends on time.</summary>
    internal const long SettledForever = long.MaxValue;

    /// <summary>
    /// Of an only-due cycle, the due organisations: those with no settled time, or one that has come, or new data
    /// (their own or a person's). Each part is read through an index, so the cost follows what is due, not the store.
    /// </summary>
    private const string DueOrganisationsSql = """
        SELECT id FROM (
            SELECT id FROM entities WHERE kind = 0 AND settled_until IS NULL
            UNION SELECT id FROM entities WHERE kind = 0 AND settled_until <= @asof
            UNION SELECT id FROM entities WHERE kind = 0 AND dirty = 1
            UNION SELECT o.id FROM entities p JOIN entities o ON o.kind = 0 AND o.id = p.organisation_id WHERE p.dirty = 1 AND p.kind = 1) AS due
        ORDER BY id COLLATE "C"
        """;

    /// <summary>
    /// Of an only-due cycle, the due people without an organisation (settled time come, or new data). Such a person
    /// due now has settled time 0 (an organisation has none), so that this reads an index on the settled time.
    /// </summary>
    private const string DueOrphansSql = $"""
        SELECT id FROM entities p WHERE kind = 1 AND id IN (
            SELECT id FROM entities WHERE kind = 1 AND settled_until IS NOT NULL AND settled_until <= @asof
            UNION SELECT id FROM entities WHERE kind = 1 AND dirty = 1)
          AND {OrphanPerson}
        ORDER BY id COLLATE "C"
        """;

    public async Task SettleAsync(IReadOnlyList<SettledUnit> settled, CancellationToken cancellationToken)
    {
        if (settled.Count == 0)
        {
            return;
        }

        await using var c = await OpenAsync(cancellationToken);
        using var q = Cmd(c, null, """
            UPDATE entities e SET settled_until = x.u FROM unnest(@k, @id, @u) AS x(k, id, u) WHERE e.kind = x.k AND e.id = x.id
            """,
            ("k", settled.Select(s => (int)s.Kind).ToArray()), ("id", settled.Select(s => s.Id).ToArray()),
            ("u", settled.Select(s => s.Until is { } u ? Ms(u) : SettledForever).ToArray()));
        await q.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Before a shard is read: its dirty marks are taken and its units with new data (or, when the cycle evaluates
    /// every unit, all of them) become due until they are settled again. Each statement takes marks and unsettles
    /// the same rows together, so a mark set meanwhile by another connection is either taken with its unit made due,
    /// or left for the next cycle.
    /// </summary>
    private static async Task TakeShardMarksAsync(NpgsqlConnection c, ShardClaim shard, CancellationToken ct)
    {
        var sql = shard.People
            ? $"""
               UPDATE entities AS p SET dirty = 0, settled_until = 0
               WHERE {OrphanPerson} AND id COLLATE "C" BETWEEN @a AND @b AND (@all OR dirty = 1)
               """
            : """
              WITH people AS (
                  UPDATE entities AS p SET dirty = 0, settled_until = NULL
                  WHERE kind = 1 AND dirty = 1 AND organisation_id COLLATE "C" BETWEEN @a AND @b
                    AND EXISTS (SELECT 1 FROM entities o WHERE o.kind = 0 AND o.id = p.organisation_id)
                  RETURNING organisation_id)
              UPDATE entities SET dirty = 0, settled_until = NULL
              WHERE kind = 0 AND id COLLATE "C" BETWEEN @a AND @b AND (@all OR dirty = 1 OR id IN (SELECT organisation_id FROM people))
              """;
        using var q = Cmd(c, null, sql, ("a", shard.FirstId), ("b", shard.LastId), ("all", !shard.Cycle.OnlyDue));
        await q.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The units whose dirty marks were just taken are due until their evaluation is settled.</summary>
    private static async Task UnsettleAsync(NpgsqlConnection c, NpgsqlTransaction tx, IReadOnlyCollection<string> organisations, IReadOnlyCollection<string> orphans, CancellationToken ct)
    {
        if (organisations.Count + orphans.Count == 0)
        {
            return;
        }

        using var q = Cmd(c, tx, """
            UPDATE entities SET settled_until = CASE WHEN kind = 0 THEN NULL ELSE 0 END
            WHERE (kind = 0 AND id = ANY(@o) AND settled_until IS NOT NULL) OR (kind = 1 AND id = ANY(@p) AND settled_until IS DISTINCT FROM 0)
            """, ("o", organisations.ToArray()), ("p", orphans.ToArray()));
        await q.ExecuteNonQueryAsync(ct);
    }

    private static async Task<string?> SettledBasisAsync(NpgsqlConnection c, NpgsqlTransaction tx, CancellationToken ct)
    {
        using var q = Cmd(c, tx, "SELECT value FROM checkpoints WHERE key = 'cycle:settled-basis'");
        return await q.ExecuteScalarAsync(ct) as string;
    }

    /// <summary>A closed cycle's basis becomes the one the next cycle is compared with.</summary>
    private static async Task KeepSettledBasisAsync(NpgsqlConnection c, NpgsqlTransaction tx, long cycleId, CancellationToken ct)
    {
        using var q = Cmd(c, tx, """
            DELETE FROM checkpoints WHERE key = 'cycle:settled-basis';
            INSERT INTO checkpoints (key, value) SELECT 'cycle:settled-basis', settled_basis FROM cluster_cycles WHERE id = @c AND settled_basis IS NOT NULL;
            """, ("c", cycleId));
        await q.ExecuteNonQueryAsync(ct);
    }
}
