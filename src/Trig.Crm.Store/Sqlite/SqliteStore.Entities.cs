using Microsoft.Data.Sqlite;
using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Store.Cluster;

namespace Trig.Crm.Store.Sqlite;

public sealed partial class SqliteStore
{
    private const string UpsertEntitySql = """
        INSERT INTO entities (kind, id, organisation_id, owner_email, record_url, updated_at, dirty)
        VALUES ($k, $id, $org, $owner, $url, $now, 1)
        ON CONFLICT (kind, id) DO UPDATE SET
            organisation_id = COALESCE(excluded.organisation_id, entities.organisation_id),
            owner_email = COALESCE(excluded.owner_email, entities.owner_email),
            record_url = COALESCE(excluded.record_url, entities.record_url),
            updated_at = excluded.updated_at, dirty = 1
        """;

    internal const string UpsertAttributeSql = """
        INSERT INTO attributes (kind, entity_id, name, type, value) VALUES ($k, $id, $n, $t, $v)
        ON CONFLICT (kind, entity_id, name) DO UPDATE SET type = excluded.type, value = excluded.value
        """;

    internal const string DeleteAttributeSql = "DELETE FROM attributes WHERE kind = $k AND entity_id = $id AND name = $n";

    public async Task UpsertAsync(IReadOnlyList<CrmRecord> records, CancellationToken cancellationToken)
    {
        if (records.Count == 0)
        {
            return;
        }

        await using var c = await OpenAsync(cancellationToken);
        await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(cancellationToken);
        await UpsertAsync(c, tx, records, cancellationToken);
        await tx.CommitAsync(cancellationToken);
    }

    /// <summary>Upserts records inside the caller's transaction.</summary>
    private async Task UpsertAsync(SqliteConnection c, SqliteTransaction tx, IReadOnlyList<CrmRecord> records, CancellationToken cancellationToken)
    {
        using var ent = Prepared(c, tx, UpsertEntitySql, "$k", "$id", "$org", "$owner", "$url", "$now");
        using var attr = Prepared(c, tx, UpsertAttributeSql, "$k", "$id", "$n", "$t", "$v");
        using var del = Prepared(c, tx, DeleteAttributeSql, "$k", "$id", "$n");
        var now = Ms(_time.GetUtcNow());
        foreach (var r in records)
        {
            Set(ent, (int)r.Kind, r.Id, r.OrganisationId, r.OwnerEmail, r.RecordUrl, now);
            await ent.ExecuteNonQueryAsync(cancellationToken);
            foreach (var (name, value) in r.Attributes)
            {
                if (value.IsNone)
                {
                    Set(del, (int)r.Kind, r.Id, name);
                    await del.ExecuteNonQueryAsync(cancellationToken);
                }
                else
                {
                    Set(attr, (int)r.Kind, r.Id, name, (int)value.Kind, value.ToString());
                    await attr.ExecuteNonQueryAsync(cancellationToken);
                }
            }
        }
    }

    public async Task DeleteAsync(EntityKind kind, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return;
        }

        await using var c = await OpenAsync(cancellationToken);
        await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(cancellationToken);
        await DeleteAsync(c, tx, kind, ids, cancellationToken);
        await tx.CommitAsync(cancellationToken);
    }

    /// <summary>Deletes records and everything kept about them, inside the caller's transaction.</summary>
    private static async Task DeleteAsync(SqliteConnection c, SqliteTransaction tx, EntityKind kind, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        string[] tables = ["entities WHERE kind = $k AND id = $id", "attributes WHERE kind = $k AND entity_id = $id", "events WHERE kind = $k AND entity_id = $id",
            "memberships WHERE kind = $k AND entity_id = $id", "pushed WHERE kind = $k AND entity_id = $id", "crm_properties WHERE kind = $k AND entity_id = $id"];
        foreach (var t in tables)
        {
            using var cmd = Prepared(c, tx, "DELETE FROM " + t, "$k", "$id");
            foreach (var id in ids)
            {
                Set(cmd, (int)kind, id);
                await cmd.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        if (kind == EntityKind.Organisation)
        {
            // Its people stay, without an organisation (they are re-linked if it comes back).
            using var unlink = Prepared(c, tx, "UPDATE entities SET organisation_id = NULL, dirty = 1 WHERE kind = 1 AND organisation_id = $id", "$id");
            foreach (var id in ids)
            {
                Set(unlink, id);
                await unlink.ExecuteNonQueryAsync(cancellationToken);
            }

            // Their memberships went with them: the kept benchmark aggregate no longer holds.
            using var removed = Cmd(c, tx, BenchmarkCache.CountRemovalSql);
            await removed.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public async Task<string?> GetCheckpointAsync(string key, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        return await Checkpoints.GetAsync(sql => Cmd(c, null, sql), key, cancellationToken);
    }

    public async Task SetCheckpointAsync(string key, string value, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        await Checkpoints.SetAsync(sql => Cmd(c, null, sql), key, value, cancellationToken);
    }

    public async Task SetAttributesAsync(IReadOnlyList<AttributeChange> changes, CancellationToken cancellationToken)
    {
        if (changes.Count == 0)
        {
            return;
        }

        await using var c = await OpenAsync(cancellationToken);
        await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(cancellationToken);
        await WriteAttributesAsync(c, tx, changes, cancellationToken);
        await tx.CommitAsync(cancellationToken);
    }

    private static async Task WriteAttributesAsync(SqliteConnection c, SqliteTransaction tx, IReadOnlyList<AttributeChange> changes, CancellationToken ct)
    {
        using var ent = Prepared(c, tx, "INSERT INTO entities (kind, id, updated_at, dirty) VALUES ($k, $id, 0, 1) ON CONFLICT (kind, id) DO UPDATE SET dirty = 1", "$k", "$id");
        using var attr = Prepared(c, tx, UpsertAttributeSql, "$k", "$id", "$n", "$t", "$v");
        using var del = Prepared(c, tx, DeleteAttributeSql, "$k", "$id", "$n");
        foreach (var ch in changes)
        {
            Set(ent, (int)ch.EntityKind, ch.EntityId);
            await ent.ExecuteNonQueryAsync(ct);
            if (ch.Value.IsNone)
            {
                Set(del, (int)ch.EntityKind, ch.EntityId, ch.Name);
                await del.ExecuteNonQueryAsync(ct);
            }
            else
            {
                Set(attr, (int)ch.EntityKind, ch.EntityId, ch.Name, (int)ch.Value.Kind, ch.Value.ToString());
                await attr.ExecuteNonQueryAsync(ct);
            }
        }
    }

    public async Task<int> AppendEventsAsync(IReadOnlyList<EventRecord> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return 0;
        }

        await using var c = await OpenAsync(cancellationToken);
        await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(cancellationToken);
        var added = await AppendEventsAsync(c, tx, events, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return added;
    }

    /// <summary>Appends events inside the caller's transaction; returns how many were new.</summary>
    private static async Task<int> AppendEventsAsync(SqliteConnection c, SqliteTransaction tx, IReadOnlyList<EventRecord> events, CancellationToken cancellationToken)
    {
        using var ins = Prepared(c, tx, """
            INSERT INTO events (message_id, kind, entity_id, organisation_id, name, occurred_at, received_at, properties)
            VALUES ($m, $k, $id, $org, $n, $at, $rcv, $p) ON CONFLICT (message_id) DO NOTHING
            """, "$m", "$k", "$id", "$org", "$n", "$at", "$rcv", "$p");
        using var dirty = Prepared(c, tx, "INSERT INTO entities (kind, id, updated_at, dirty) VALUES ($k, $id, 0, 1) ON CONFLICT (kind, id) DO UPDATE SET dirty = 1", "$k", "$id");
        var added = 0;
        foreach (var e in events)
        {
            Set(ins, e.MessageId, (int)e.EntityKind, e.EntityId, e.OrganisationId, e.Name, Ms(e.OccurredAt), Ms(e.ReceivedAt), e.PropertiesJson);
            var n = await ins.ExecuteNonQueryAsync(cancellationToken);
            if (n > 0)
            {
                added++;
                Set(dirty, (int)e.EntityKind, e.EntityId);
                await dirty.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        return added;
    }

    public async Task<(List<string> Organisations, List<string> OrphanPeople)> TakeDirtyAsync(CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(cancellationToken);
        var orgs = new HashSet<string>(StringComparer.Ordinal);
        var orphans = new List<string>();
        using (var q = Cmd(c, tx, "SELECT kind, id, organisation_id FROM entities WHERE dirty = 1"))
        await using (var r = await q.ExecuteReaderAsync(cancellationToken))
        {
            while (await r.ReadAsync(cancellationToken))
            {
                var kind = (EntityKind)r.GetInt32(0);
                if (kind == EntityKind.Organisation)
                {
                    orgs.Add(r.GetString(1));
                }
                else if (!r.IsDBNull(2))
                {
                    orgs.Add(r.GetString(2));
                }
                else
                {
                    orphans.Add(r.GetString(1));
                }
            }
        }

        using (var clear = Cmd(c, tx, UnsettleDirty + "UPDATE entities SET dirty = 0 WHERE dirty = 1"))
        {
            await clear.ExecuteNonQueryAsync(cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
        return ([.. orgs], orphans);
    }

    public async Task EnqueueRefreshAsync(IReadOnlyList<CrmRecordRef> records, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(cancellationToken);
        using var ins = Prepared(c, tx, "INSERT INTO refresh_queue (kind, id, queued_at) VALUES ($k, $id, $at) ON CONFLICT DO NOTHING", "$k", "$id", "$at");
        foreach (var r in records)
        {
            Set(ins, (int)r.Kind, r.Id, Ms(now));
            await ins.ExecuteNonQueryAsync(cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
    }

    public async Task<List<CrmRecordRef>> TakeRefreshAsync(int max, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(cancellationToken);
        var list = new List<CrmRecordRef>();
        using (var q = Cmd(c, tx, "DELETE FROM refresh_queue WHERE rowid IN (SELECT rowid FROM refresh_queue ORDER BY queued_at LIMIT $m) RETURNING kind, id", ("$m", max)))
        await using (var r = await q.ExecuteReaderAsync(cancellationToken))
        {
            while (await r.ReadAsync(cancellationToken))
            {
                list.Add(new CrmRecordRef((EntityKind)r.GetInt32(0), r.GetString(1)));
            }
        }

        await tx.CommitAsync(cancellationToken);
        return list;
    }

    public async Task<int> CountAsync(EntityKind kind, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        using var q = Cmd(c, null, "SELECT COUNT(*) FROM entities WHERE kind = $k", ("$k", (int)kind));
        return (int)(long)(await q.ExecuteScalarAsync(cancellationToken))!;
    }
}
