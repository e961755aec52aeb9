using Npgsql;
using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.Store.Postgres;

/// <summary>
/// Attribute writes gathered in memory and sent as two statements (upserts, removals) over arrays. The last write to
/// an attribute wins, as it would row by row; gathering also keeps one statement from touching a row twice, which
/// PostgreSQL refuses in <c>ON CONFLICT DO UPDATE</c>.
/// </summary>
internal sealed class PostgresAttributeWrites
{
    private readonly Dictionary<(EntityKind Kind, string Id, string Name), AttributeValue> _writes = [];

    public int Count => _writes.Count;

    public void Add(EntityKind kind, string id, string name, AttributeValue value) => _writes[(kind, id, name)] = value;

    public async Task FlushAsync(NpgsqlConnection c, NpgsqlTransaction tx, CancellationToken ct)
    {
        var set = _writes.Where(w => !w.Value.IsNone).ToList();
        var removed = _writes.Where(w => w.Value.IsNone).Select(w => w.Key).ToList();
        _writes.Clear();
        if (set.Count > 0)
        {
            using var up = PostgresStore.Cmd(c, tx, """
                INSERT INTO attributes (kind, entity_id, name, type, value)
                SELECT * FROM unnest(@k, @id, @n, @t, @v)
                ON CONFLICT (kind, entity_id, name) DO UPDATE SET type = excluded.type, value = excluded.value
                """,
                ("k", set.Select(w => (int)w.Key.Kind).ToArray()), ("id", set.Select(w => w.Key.Id).ToArray()), ("n", set.Select(w => w.Key.Name).ToArray()),
                ("t", set.Select(w => (int)w.Value.Kind).ToArray()), ("v", set.Select(w => w.Value.ToString()).ToArray()));
            await up.ExecuteNonQueryAsync(ct);
        }

        if (removed.Count > 0)
        {
            using var del = PostgresStore.Cmd(c, tx, """
                DELETE FROM attributes a USING unnest(@k, @id, @n) AS d(kind, entity_id, name)
                WHERE a.kind = d.kind AND a.entity_id = d.entity_id AND a.name = d.name
                """,
                ("k", removed.Select(w => (int)w.Kind).ToArray()), ("id", removed.Select(w => w.Id).ToArray()), ("n", removed.Select(w => w.Name).ToArray()));
            await del.ExecuteNonQueryAsync(ct);
        }
    }
}
