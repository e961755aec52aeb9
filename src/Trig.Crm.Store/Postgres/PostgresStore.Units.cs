using System.Data.Common;
using Npgsql;
using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Store.Evaluation;

using static Trig.Crm.Store.Evaluation.UnitRows;

namespace Trig.Crm.Store.Postgres;

/// <summary>The reads behind evaluation and cards: entities with their attributes, events and memberships.</summary>
public sealed partial class PostgresStore
{
    public async Task<EntityState?> LoadEntityAsync(EntityKind kind, string id, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        return await LoadEntityAsync(c, kind, id, cancellationToken);
    }

    private static async Task<EntityState?> LoadEntityAsync(NpgsqlConnection c, EntityKind kind, string id, CancellationToken cancellationToken)
    {
        // One round trip: the three reads go as one batch.
        await using var batch = new NpgsqlBatch(c);
        foreach (var sql in new[]
                 {
                     "SELECT kind, id, organisation_id, owner_email, record_url FROM entities WHERE kind = $1 AND id = $2",
                     "SELECT name, type, value FROM attributes WHERE kind = $1 AND entity_id = $2",
                     $"SELECT {MembershipColumns} FROM memberships WHERE kind = $1 AND entity_id = $2",
                 })
        {
            var cmd = new NpgsqlBatchCommand(sql);
            cmd.Parameters.Add(new NpgsqlParameter { Value = (int)kind });
            cmd.Parameters.Add(new NpgsqlParameter { Value = id });
            batch.BatchCommands.Add(cmd);
        }

        await using var r = await batch.ExecuteReaderAsync(cancellationToken);
        if (!await r.ReadAsync(cancellationToken))
        {
            return null;
        }

        var e = ReadEntity(r);
        await r.NextResultAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            AddAttribute(e, r, 0);
        }

        await r.NextResultAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            var m = ReadMembership(r, 0);
            e.Memberships[m.Key] = m;
        }

        return e;
    }

    public async Task<(EvaluationUnit Unit, EntityState Entity)?> LoadUnitOfAsync(EntityKind kind, string id, CancellationToken cancellationToken)
    {
        (bool Found, string? Organisation) of;
        await using (var c = await OpenAsync(cancellationToken))
        {
            of = await OrganisationOfAsync(sql => Cmd(c, null, sql), kind, id, cancellationToken);
        }

        return of.Found ? await UnitOfAsync(kind, id, of.Organisation, (orgs, people) => LoadUnitsAsync(orgs, people, cancellationToken)) : null;
    }

    public async Task<List<EvaluationUnit>> LoadUnitsAsync(IReadOnlyCollection<string>? organisationIds, IReadOnlyCollection<string>? orphanPeople, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        // One snapshot for the four reads, so a concurrent write never shows half in them.
        await using var tx = await c.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        var filter = "";
        if (organisationIds is not null || orphanPeople is not null)
        {
            // A temp table each read joins; CREATE … AS takes no bind parameters, so the rows go in by INSERT.
            using var sel = Cmd(c, tx, """
                CREATE TEMP TABLE sel (kind integer, id text, PRIMARY KEY (kind, id)) ON COMMIT DROP;
                INSERT INTO sel
                SELECT kind, id FROM entities WHERE kind = 0 AND id = ANY(@orgs)
                UNION SELECT kind, id FROM entities WHERE kind = 1 AND organisation_id = ANY(@orgs)
                UNION SELECT kind, id FROM entities WHERE kind = 1 AND id = ANY(@people);
                ANALYZE sel;
                """, ("orgs", (organisationIds ?? []).ToArray()), ("people", (orphanPeople ?? []).ToArray()));
            await sel.ExecuteNonQueryAsync(cancellationToken);
            filter = " JOIN sel ON sel.kind = t.kind AND sel.id = t.{0}";
        }

        var all = new Dictionary<(int, string), EntityState>();
        using (var q = Cmd(c, tx, "SELECT t.kind, t.id, t.organisation_id, t.owner_email, t.record_url FROM entities t" + string.Format(filter, "id")))
        await using (var r = await q.ExecuteReaderAsync(cancellationToken))
        {
            while (await r.ReadAsync(cancellationToken))
            {
                var e = ReadEntity(r);
                all[((int)e.Kind, e.Id)] = e;
            }
        }

        ShareAttributeTables(all.Values);
        await ForEachRowAsync(c, tx, "SELECT t.kind, t.entity_id, t.name, t.type, t.value FROM attributes t" + string.Format(filter, "entity_id"), all,
            (e, r) => AddAttribute(e, r, 2), cancellationToken);
        await ForEachRowAsync(c, tx, "SELECT t.kind, t.entity_id, t.name, t.occurred_at FROM events t" + string.Format(filter, "entity_id") + " ORDER BY t.occurred_at", all,
            (e, r) => e.Events.Add(r.GetString(2), StoreSql.At(r.GetInt64(3))), cancellationToken);
        TrimEvents(all.Values);
        await ForEachRowAsync(c, tx, $"SELECT t.kind, t.entity_id, {Prefixed(MembershipColumns)} FROM memberships t" + string.Format(filter, "entity_id"), all,
            (e, r) =>
            {
                var m = ReadMembership(r, 2);
                e.Memberships[m.Key] = m;
            }, cancellationToken);

        await tx.CommitAsync(cancellationToken);
        return Group(all.Values);
    }

    /// <summary>
    /// Attributes, events and memberships of the given entities, by key (the ids as array parameters, no temp table):
    /// three queries whatever the count.
    /// </summary>
    private static async Task ReadDetailsAsync(NpgsqlConnection c, NpgsqlTransaction tx, Dictionary<(int, string), EntityState> all, CancellationToken ct)
    {
        if (all.Count == 0)
        {
            return;
        }

        ShareAttributeTables(all.Values);
        var kinds = all.Keys.Select(k => k.Item1).ToArray();
        var ids = all.Keys.Select(k => k.Item2).ToArray();
        const string keys = " FROM unnest(@k, @id) AS s(kind, id) JOIN {0} t ON t.kind = s.kind AND t.entity_id = s.id";
        await ForEachRowAsync(c, tx, "SELECT t.kind, t.entity_id, t.name, t.type, t.value" + string.Format(keys, "attributes"), all,
            (e, r) => AddAttribute(e, r, 2), ct, ("k", kinds), ("id", ids));
        await ForEachRowAsync(c, tx, "SELECT t.kind, t.entity_id, t.name, t.occurred_at" + string.Format(keys, "events") + " ORDER BY t.occurred_at", all,
            (e, r) => e.Events.Add(r.GetString(2), StoreSql.At(r.GetInt64(3))), ct, ("k", kinds), ("id", ids));
        TrimEvents(all.Values);
        await ForEachRowAsync(c, tx, $"SELECT t.kind, t.entity_id, {Prefixed(MembershipColumns)}" + string.Format(keys, "memberships"), all,
            (e, r) =>
            {
                var m = ReadMembership(r, 2);
                e.Memberships[m.Key] = m;
            }, ct, ("k", kinds), ("id", ids));
    }

    /// <summary>Runs a query whose first two columns are (kind, entity id) and applies each row to its loaded entity.</summary>
    private static async Task ForEachRowAsync(
        NpgsqlConnection c, NpgsqlTransaction tx, string sql, Dictionary<(int, string), EntityState> entities, Action<EntityState, DbDataReader> apply, CancellationToken ct,
        params (string Name, object? Value)[] parameters)
    {
        using var q = Cmd(c, tx, sql, parameters);
        await UnitRows.ForEachRowAsync(q, entities, apply, ct);
    }

    private static List<EvaluationUnit> Group(IEnumerable<EntityState> entities) => Sqlite.SqliteStore.Group(entities);

    private static void ShareAttributeTables(IEnumerable<EntityState> entities) => Sqlite.SqliteStore.ShareAttributeTables(entities);

    private static void TrimEvents(IEnumerable<EntityState> entities) => Sqlite.SqliteStore.TrimEvents(entities);
}
