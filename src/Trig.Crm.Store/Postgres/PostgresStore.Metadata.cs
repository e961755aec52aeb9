using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;

namespace Trig.Crm.Store.Postgres;

public sealed partial class PostgresStore
{
    public async Task<Dictionary<(EntityKind Kind, string Id, string Name), string?>> LoadPushedAsync(string provider, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        using var q = Cmd(c, null, "SELECT kind, entity_id, name, value FROM pushed WHERE provider = @p", ("p", provider));
        await using var r = await q.ExecuteReaderAsync(cancellationToken);
        var d = new Dictionary<(EntityKind, string, string), string?>();
        while (await r.ReadAsync(cancellationToken))
        {
            d[((EntityKind)r.GetInt32(0), r.GetString(1), r.GetString(2))] = StoreSql.Str(r, 3);
        }

        return d;
    }

    public async Task<Dictionary<(EntityKind Kind, string Id, string Name), string?>> LoadPushedAsync(
        string provider, IReadOnlyCollection<(EntityKind Kind, string Id)> entities, CancellationToken cancellationToken)
    {
        var d = new Dictionary<(EntityKind, string, string), string?>();
        if (entities.Count == 0)
        {
            return d;
        }

        await using var c = await OpenAsync(cancellationToken);
        using var q = Cmd(c, null, """
            SELECT p.kind, p.entity_id, p.name, p.value FROM unnest(@k, @id) AS x(k, id)
            JOIN pushed p ON p.provider = @p AND p.kind = x.k AND p.entity_id = x.id
            """, ("p", provider), ("k", entities.Select(e => (int)e.Kind).ToArray()), ("id", entities.Select(e => e.Id).ToArray()));
        await using var r = await q.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            d[((EntityKind)r.GetInt32(0), r.GetString(1), r.GetString(2))] = StoreSql.Str(r, 3);
        }

        return d;
    }

    public async Task RecordPushedAsync(string provider, IReadOnlyList<MetadataChange> written, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var last = LastPerProperty(written);
        if (last.Count == 0)
        {
            return;
        }

        await using var c = await OpenAsync(cancellationToken);
        using var up = Cmd(c, null, """
            INSERT INTO pushed (provider, kind, entity_id, name, value, pushed_at)
            SELECT @p, k, id, n, v, @at FROM unnest(@k, @id, @n, @v) AS x(k, id, n, v)
            ON CONFLICT (provider, kind, entity_id, name) DO UPDATE SET value = excluded.value, pushed_at = excluded.pushed_at
            """, ("p", provider), ("at", Ms(now)), ("k", last.Select(w => (int)w.Kind).ToArray()), ("id", last.Select(w => w.EntityId).ToArray()),
            ("n", last.Select(w => w.Name).ToArray()), ("v", last.Select(w => w.Value).ToArray()));
        await up.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task WriteLocalPropertiesAsync(IReadOnlyList<MetadataChange> changes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var last = LastPerProperty(changes);
        if (last.Count == 0)
        {
            return;
        }

        await using var c = await OpenAsync(cancellationToken);
        using var up = Cmd(c, null, """
            INSERT INTO crm_properties (kind, entity_id, name, value, written_at)
            SELECT k, id, n, v, @at FROM unnest(@k, @id, @n, @v) AS x(k, id, n, v)
            ON CONFLICT (kind, entity_id, name) DO UPDATE SET value = excluded.value, written_at = excluded.written_at
            """, ("at", Ms(now)), ("k", last.Select(w => (int)w.Kind).ToArray()), ("id", last.Select(w => w.EntityId).ToArray()),
            ("n", last.Select(w => w.Name).ToArray()), ("v", last.Select(w => w.Value).ToArray()));
        await up.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The last change per (entity, property): one upsert statement may not touch a row twice.</summary>
    private static List<MetadataChange> LastPerProperty(IReadOnlyList<MetadataChange> changes)
    {
        var last = new Dictionary<(EntityKind, string, string), MetadataChange>();
        foreach (var ch in changes)
        {
            last[(ch.Kind, ch.EntityId, ch.Name)] = ch;
        }

        return [.. last.Values];
    }

    public async Task<Dictionary<string, string?>> ReadLocalPropertiesAsync(EntityKind kind, string id, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        using var q = Cmd(c, null, "SELECT name, value FROM crm_properties WHERE kind = @k AND entity_id = @id ORDER BY name", ("k", (int)kind), ("id", id));
        await using var r = await q.ExecuteReaderAsync(cancellationToken);
        var d = new Dictionary<string, string?>(StringComparer.Ordinal);
        while (await r.ReadAsync(cancellationToken))
        {
            d[r.GetString(0)] = StoreSql.Str(r, 1);
        }

        return d;
    }

    public async Task<bool> TryRecordDeliveryAsync(string source, string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        using var q = Cmd(c, null, "INSERT INTO deliveries (source, id, received_at) VALUES (@s, @id, @at) ON CONFLICT DO NOTHING", ("s", source), ("id", id), ("at", Ms(now)));
        return await q.ExecuteNonQueryAsync(cancellationToken) > 0;
    }
}
