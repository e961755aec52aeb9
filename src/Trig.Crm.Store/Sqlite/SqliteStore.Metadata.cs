using Microsoft.Data.Sqlite;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;

namespace Trig.Crm.Store.Sqlite;

public sealed partial class SqliteStore
{
    public async Task<Dictionary<(EntityKind Kind, string Id, string Name), string?>> LoadPushedAsync(string provider, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        using var q = Cmd(c, null, "SELECT kind, entity_id, name, value FROM pushed WHERE provider = $p", ("$p", provider));
        await using var r = await q.ExecuteReaderAsync(cancellationToken);
        var d = new Dictionary<(EntityKind, string, string), string?>();
        while (await r.ReadAsync(cancellationToken))
        {
            d[((EntityKind)r.GetInt32(0), r.GetString(1), r.GetString(2))] = r.IsDBNull(3) ? null : r.GetString(3);
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
        // The ids go in as one JSON array parameter: one statement per kind, whatever the count.
        foreach (var group in entities.GroupBy(e => e.Kind))
        {
            // CROSS JOIN keeps the id list as the outer loop: a key lookup per id, never a scan of the provider's state.
            using var q = Cmd(c, null,
                "SELECT p.kind, p.entity_id, p.name, p.value FROM json_each($ids) j CROSS JOIN pushed p ON p.provider = $p AND p.kind = $k AND p.entity_id = j.value",
                ("$p", provider), ("$k", (int)group.Key), ("$ids", System.Text.Json.JsonSerializer.Serialize(group.Select(e => e.Id).Distinct(StringComparer.Ordinal))));
            await using var r = await q.ExecuteReaderAsync(cancellationToken);
            while (await r.ReadAsync(cancellationToken))
            {
                d[((EntityKind)r.GetInt32(0), r.GetString(1), r.GetString(2))] = r.IsDBNull(3) ? null : r.GetString(3);
            }
        }

        return d;
    }

    public async Task RecordPushedAsync(string provider, IReadOnlyList<MetadataChange> written, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (written.Count == 0)
        {
            return;
        }

        await using var c = await OpenAsync(cancellationToken);
        await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(cancellationToken);
        using var up = Prepared(c, tx, """
            INSERT INTO pushed (provider, kind, entity_id, name, value, pushed_at) VALUES ($p, $k, $id, $n, $v, $at)
            ON CONFLICT (provider, kind, entity_id, name) DO UPDATE SET value = excluded.value, pushed_at = excluded.pushed_at
            """, "$p", "$k", "$id", "$n", "$v", "$at");
        foreach (var w in written)
        {
            Set(up, provider, (int)w.Kind, w.EntityId, w.Name, w.Value, Ms(now));
            await up.ExecuteNonQueryAsync(cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
    }

    public async Task WriteLocalPropertiesAsync(IReadOnlyList<MetadataChange> changes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (changes.Count == 0)
        {
            return;
        }

        await using var c = await OpenAsync(cancellationToken);
        await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(cancellationToken);
        using var up = Prepared(c, tx, """
            INSERT INTO crm_properties (kind, entity_id, name, value, written_at) VALUES ($k, $id, $n, $v, $at)
            ON CONFLICT (kind, entity_id, name) DO UPDATE SET value = excluded.value, written_at = excluded.written_at
            """, "$k", "$id", "$n", "$v", "$at");
        foreach (var w in changes)
        {
            Set(up, (int)w.Kind, w.EntityId, w.Name, w.Value, Ms(now));
            await up.ExecuteNonQueryAsync(cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
    }

    public async Task<Dictionary<string, string?>> ReadLocalPropertiesAsync(EntityKind kind, string id, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        using var q = Cmd(c, null, "SELECT name, value FROM crm_properties WHERE kind = $k AND entity_id = $id ORDER BY name", ("$k", (int)kind), ("$id", id));
        await using var r = await q.ExecuteReaderAsync(cancellationToken);
        var d = new Dictionary<string, string?>(StringComparer.Ordinal);
        while (await r.ReadAsync(cancellationToken))
        {
            d[r.GetString(0)] = r.IsDBNull(1) ? null : r.GetString(1);
        }

        return d;
    }

    public async Task<bool> TryRecordDeliveryAsync(string source, string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        using var q = Cmd(c, null, "INSERT INTO deliveries (source, id, received_at) VALUES ($s, $id, $at) ON CONFLICT DO NOTHING", ("$s", source), ("$id", id), ("$at", Ms(now)));
        return await q.ExecuteNonQueryAsync(cancellationToken) > 0;
    }
}
