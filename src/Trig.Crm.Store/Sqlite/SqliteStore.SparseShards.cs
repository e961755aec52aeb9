namespace Trig.Crm.Store.Sqlite;

/// <summary>
/// An only-due cycle with few due units ("sparse": at most <see cref="SparseShards"/> shards, 20) has shards whose id
/// ranges are wide (a hundred due organisations among a million span nearly all of them). Such a shard's marks and
/// units are read through the indexes on the dirty marks and on the settled time, filtered by the range, instead of
/// scanning the range: each shard then costs what is due in the store, not the rows between its bounds. With many
/// due units the ranges are dense and the range scan of <see cref="SqliteStore"/>'s other statements is cheaper.
/// </summary>
public sealed partial class SqliteStore
{
    /// <summary>The most shards an only-due cycle may have to read its shards through the indexes (tests set 0 to read by range).</summary>
    internal int SparseShards { get; set; } = 20;

    /// <summary><c>cluster_cycles.only_due</c> of such a cycle (1: only due, read by range; 0: every unit).</summary>
    internal const int OnlyDueSparse = 2;

    private const string SparseOrganisationMarks = """
        UPDATE entities SET settled_until = NULL WHERE kind = 0 AND settled_until IS NOT NULL AND id IN (
            SELECT id FROM entities INDEXED BY ix_entities_dirty WHERE dirty = 1 AND kind = 0 AND id >= $a AND id <= $b
            UNION SELECT organisation_id FROM entities INDEXED BY ix_entities_dirty WHERE dirty = 1 AND kind = 1 AND organisation_id >= $a AND organisation_id <= $b);
        UPDATE entities INDEXED BY ix_entities_dirty SET dirty = 0 WHERE dirty = 1 AND kind = 0 AND id >= $a AND id <= $b;
        UPDATE entities AS p INDEXED BY ix_entities_dirty SET dirty = 0, settled_until = NULL
            WHERE dirty = 1 AND kind = 1 AND organisation_id >= $a AND organisation_id <= $b
            AND EXISTS (SELECT 1 FROM entities o WHERE o.kind = 0 AND o.id = p.organisation_id);
        """;

    private const string SparsePeopleMarks = $"""
        UPDATE entities AS p SET settled_until = 0 WHERE {OrphanPerson} AND settled_until IS NOT 0 AND id IN (
            SELECT id FROM entities INDEXED BY ix_entities_dirty WHERE dirty = 1 AND kind = 1 AND id >= $a AND id <= $b);
        UPDATE entities AS p INDEXED BY ix_entities_dirty SET dirty = 0 WHERE dirty = 1 AND {OrphanPerson} AND id >= $a AND id <= $b;
        """;

    /// <summary>After the marks are taken a due organisation has no settled time or one that has come.</summary>
    private const string SparseOrganisationUnits = """
        INSERT INTO sel SELECT 0, id FROM entities INDEXED BY ix_entities_org_settled WHERE kind = 0 AND settled_until IS NULL AND id >= $a AND id <= $b;
        INSERT OR IGNORE INTO sel SELECT 0, id FROM entities INDEXED BY ix_entities_org_settled WHERE kind = 0 AND settled_until <= $asof AND id >= $a AND id <= $b;
        INSERT OR IGNORE INTO sel SELECT 1, p.id FROM sel o CROSS JOIN entities p ON p.organisation_id = o.id WHERE o.kind = 0 AND p.kind = 1;
        """;

    /// <summary>After the marks are taken a due person without an organisation has a settled time that has come (0 at least).</summary>
    private const string SparsePeopleUnits = $"""
        INSERT INTO sel SELECT 1, id FROM entities p WHERE {OrphanPerson} AND id IN (
            SELECT id FROM entities INDEXED BY ix_entities_person_settled WHERE kind = 1 AND settled_until IS NOT NULL AND settled_until <= $asof AND id >= $a AND id <= $b);
        """;
}
