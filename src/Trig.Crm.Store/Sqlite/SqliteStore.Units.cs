using System.Data.Common;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Store.Evaluation;

using static Trig.Crm.Store.Evaluation.UnitRows;

namespace Trig.Crm.Store.Sqlite;

/// <summary>The reads behind evaluation and cards: entities with their attributes, events and memberships.</summary>
public sealed partial class SqliteStore
{
    public async Task<EntityState?> LoadEntityAsync(EntityKind kind, string id, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        return await LoadEntityAsync(c, kind, id, cancellationToken);
    }

    private static async Task<EntityState?> LoadEntityAsync(SqliteConnection c, EntityKind kind, string id, CancellationToken cancellationToken)
    {
        EntityState e;
        using (var q = Cmd(c, null, "SELECT kind, id, organisation_id, owner_email, record_url FROM entities WHERE kind = $k AND id = $id", ("$k", (int)kind), ("$id", id)))
        await using (var r = await q.ExecuteReaderAsync(cancellationToken))
        {
            if (!await r.ReadAsync(cancellationToken))
            {
                return null;
            }

            e = ReadEntity(r);
        }

        using (var q = Cmd(c, null, "SELECT name, type, value FROM attributes WHERE kind = $k AND entity_id = $id", ("$k", (int)kind), ("$id", id)))
        await using (var r = await q.ExecuteReaderAsync(cancellationToken))
        {
            while (await r.ReadAsync(cancellationToken))
            {
                AddAttribute(e, r, 0);
            }
        }

        using (var q = Cmd(c, null, $"SELECT {MembershipColumns} FROM memberships WHERE kind = $k AND entity_id = $id", ("$k", (int)kind), ("$id", id)))
        await using (var r = await q.ExecuteReaderAsync(cancellationToken))
        {
            while (await r.ReadAsync(cancellationToken))
            {
                var m = ReadMembership(r, 0);
                e.Memberships[m.Key] = m;
            }
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
        await using var tx = c.BeginTransaction(deferred: true);
        var selected = organisationIds is not null || orphanPeople is not null;
        if (selected)
        {
            await SelectSubsetAsync(c, tx, organisationIds ?? [], orphanPeople ?? [], cancellationToken);
        }

        var units = await ReadUnitsAsync(c, tx, selected, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return units;
    }

    /// <summary>
    /// The four reads of a load (entities, attributes, events, memberships), of the whole store or, when
    /// <paramref name="selected"/>, of the entities in the temp table <c>sel</c> only.
    /// </summary>
    private static async Task<List<EvaluationUnit>> ReadUnitsAsync(SqliteConnection c, SqliteTransaction tx, bool selected, CancellationToken cancellationToken)
    {
        // CROSS JOIN makes SQLite walk the small selection and look each entity up by key, rather than scan the table.
        string From(string table, string column) => selected ? $" FROM sel CROSS JOIN {table} t ON t.kind = sel.kind AND t.{column} = sel.id" : $" FROM {table} t";
        var all = new Dictionary<(int, string), EntityState>();
        using (var q = Cmd(c, tx, "SELECT t.kind, t.id, t.organisation_id, t.owner_email, t.record_url" + From("entities", "id")))
        await using (var r = await q.ExecuteReaderAsync(cancellationToken))
        {
            while (await r.ReadAsync(cancellationToken))
            {
                var e = ReadEntity(r);
                all[((int)e.Kind, e.Id)] = e;
            }
        }

        ShareAttributeTables(all.Values);
        await ForEachRowAsync(c, tx, "SELECT t.kind, t.entity_id, t.name, t.type, t.value" + From("attributes", "entity_id"), all,
            (e, r) => AddAttribute(e, r, 2), cancellationToken);
        await ForEachRowAsync(c, tx, "SELECT t.kind, t.entity_id, t.name, t.occurred_at" + From("events", "entity_id") + " ORDER BY t.occurred_at", all,
            (e, r) => e.Events.Add(r.GetString(2), StoreSql.At(r.GetInt64(3))), cancellationToken);
        TrimEvents(all.Values);
        await ForEachRowAsync(c, tx, $"SELECT t.kind, t.entity_id, {Prefixed(MembershipColumns)}" + From("memberships", "entity_id"), all,
            (e, r) =>
            {
                var m = ReadMembership(r, 2);
                e.Memberships[m.Key] = m;
            }, cancellationToken);

        return Group(all.Values);
    }

    /// <summary>
    /// Puts the selected entities in a temp table that every read of <see cref="LoadUnitsAsync"/> joins: three set-based
    /// statements (the ids go in as JSON array parameters), never one per entity.
    /// </summary>
    private static async Task SelectSubsetAsync(SqliteConnection c, SqliteTransaction tx, IReadOnlyCollection<string> organisationIds, IReadOnlyCollection<string> orphanPeople, CancellationToken ct)
    {
        await ClearSelectionAsync(c, tx, ct);
        using var fill = Cmd(c, tx, """
            INSERT OR IGNORE INTO sel SELECT 0, id FROM entities WHERE kind = 0 AND id IN (SELECT value FROM json_each($orgs));
            INSERT OR IGNORE INTO sel SELECT 1, id FROM entities WHERE kind = 1 AND organisation_id IN (SELECT value FROM json_each($orgs));
            INSERT OR IGNORE INTO sel SELECT 1, id FROM entities WHERE kind = 1 AND id IN (SELECT value FROM json_each($people));
            """, ("$orgs", JsonSerializer.Serialize(organisationIds)), ("$people", JsonSerializer.Serialize(orphanPeople)));
        await fill.ExecuteNonQueryAsync(ct);
    }

    private static async Task ClearSelectionAsync(SqliteConnection c, SqliteTransaction tx, CancellationToken ct)
    {
        using var create = Cmd(c, tx, "CREATE TEMP TABLE IF NOT EXISTS sel (kind INTEGER, id TEXT, PRIMARY KEY (kind, id)); DELETE FROM sel;");
        await create.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Runs a query whose first two columns are (kind, entity id) and applies each row to its loaded entity.</summary>
    private static async Task ForEachRowAsync(
        SqliteConnection c, SqliteTransaction tx, string sql, Dictionary<(int, string), EntityState> entities, Action<EntityState, DbDataReader> apply, CancellationToken ct)
    {
        using var q = Cmd(c, tx, sql);
        await UnitRows.ForEachRowAsync(q, entities, apply, ct);
    }

    /// <summary>Gives back the room each event log kept for growing, once a load has added every event (8 bytes an event).</summary>
    internal static void TrimEvents(IEnumerable<EntityState> entities)
    {
        foreach (var e in entities)
        {
            e.TrimExcess();
        }
    }

    /// <summary>
    /// Puts the attributes of a load's entities in one <see cref="AttributeTable"/> per kind, in load order, before
    /// their attributes are read: values by column rather than an array per entity, and each repeated string value
    /// (a plan, a country) held once per load rather than once per entity (every value read is a new string).
    /// </summary>
    internal static void ShareAttributeTables(IEnumerable<EntityState> entities)
    {
        AttributeTable? organisations = null, people = null;
        foreach (var e in entities)
        {
            var table = e.Kind == EntityKind.Organisation ? organisations ??= new(EntityKind.Organisation) : people ??= new(EntityKind.Person);
            e.Attributes.MoveTo(table);
        }
    }

    /// <summary>Groups entities into units: each organisation with its people, and one unit per person without one.</summary>
    internal static List<EvaluationUnit> Group(IEnumerable<EntityState> entities)
    {
        var orgs = new Dictionary<string, (EntityState? Org, List<EntityState> People)>(StringComparer.Ordinal);
        var units = new List<EvaluationUnit>();
        var people = new List<EntityState>();
        foreach (var e in entities)
        {
            if (e.Kind == EntityKind.Organisation)
            {
                var cur = orgs.GetValueOrDefault(e.Id, (null, []));
                orgs[e.Id] = (e, cur.People);
            }
            else
            {
                people.Add(e);
            }
        }

        foreach (var p in people)
        {
            if (p.OrganisationId is { } o && orgs.TryGetValue(o, out var u) && u.Org is not null)
            {
                u.People.Add(p);
            }
            else
            {
                units.Add(new EvaluationUnit(null, [p]));
            }
        }

        units.AddRange(orgs.Values.OrderBy(x => x.Org!.Id, StringComparer.Ordinal).Select(x => new EvaluationUnit(x.Org, x.People)));
        return units;
    }
}
