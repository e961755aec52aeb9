using Npgsql;
using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Store.Cluster;

namespace Trig.Crm.Store.Postgres;

public sealed partial class PostgresStore
{
    public async Task UpsertAsync(IReadOnlyList<CrmRecord> records, CancellationToken cancellationToken)
    {
        if (records.Count == 0)
        {
            return;
        }

        await using var c = await OpenAsync(cancellationToken);
        await using var tx = await c.BeginTransactionAsync(cancellationToken);
        await UpsertAsync(c, tx, records, cancellationToken);
        await tx.CommitAsync(cancellationToken);
    }

    /// <summary>The upsert inside the caller's transaction (an import or a single upsert).</summary>
    internal async Task UpsertAsync(NpgsqlConnection c, NpgsqlTransaction tx, IReadOnlyList<CrmRecord> records, CancellationToken cancellationToken)
    {
        // One row per entity: a record named twice merges as the row-by-row upsert would (a later null keeps the value).
        var entities = new Dictionary<(EntityKind, string), (string? Org, string? Owner, string? Url)>();
        var attributes = new PostgresAttributeWrites();
        foreach (var r in records)
        {
            var prev = entities.GetValueOrDefault((r.Kind, r.Id));
            entities[(r.Kind, r.Id)] = (r.OrganisationId ?? prev.Org, r.OwnerEmail ?? prev.Owner, r.RecordUrl ?? prev.Url);
            foreach (var (name, value) in r.Attributes)
            {
                attributes.Add(r.Kind, r.Id, name, value);
            }
        }

        using (var ent = Cmd(c, tx, """
                   INSERT INTO entities (kind, id, organisation_id, owner_email, record_url, updated_at, dirty)
                   SELECT k, id, org, owner, url, @now, 1 FROM unnest(@k, @id, @org, @owner, @url) AS x(k, id, org, owner, url)
                   ON CONFLICT (kind, id) DO UPDATE SET
                       organisation_id = COALESCE(excluded.organisation_id, entities.organisation_id),
                       owner_email = COALESCE(excluded.owner_email, entities.owner_email),
                       record_url = COALESCE(excluded.record_url, entities.record_url),
                       updated_at = excluded.updated_at, dirty = 1
                   """,
                   ("now", Ms(_time.GetUtcNow())), ("k", entities.Keys.Select(e => (int)e.Item1).ToArray()), ("id", entities.Keys.Select(e => e.Item2).ToArray()),
                   ("org", entities.Values.Select(e => e.Org).ToArray()), ("owner", entities.Values.Select(e => e.Owner).ToArray()),
                   ("url", entities.Values.Select(e => e.Url).ToArray())))
        {
            await ent.ExecuteNonQueryAsync(cancellationToken);
        }

        await attributes.FlushAsync(c, tx, cancellationToken);
    }

    public async Task DeleteAsync(EntityKind kind, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return;
        }

        await using var c = await OpenAsync(cancellationToken);
        await using var tx = await c.BeginTransactionAsync(cancellationToken);
        await DeleteAsync(c, tx, kind, ids, cancellationToken);
        await tx.CommitAsync(cancellationToken);
    }

    /// <summary>The delete inside the caller's transaction (a single delete or a webhook delivery).</summary>
    internal static async Task DeleteAsync(NpgsqlConnection c, NpgsqlTransaction tx, EntityKind kind, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var idArray = ids.ToArray();
        foreach (var (table, idColumn) in new[] { ("entities", "id"), ("attributes", "entity_id"), ("events", "entity_id"), ("memberships", "entity_id"), ("pushed", "entity_id"), ("crm_properties", "entity_id") })
        {
            using var cmd = Cmd(c, tx, $"DELETE FROM {table} WHERE kind = @k AND {idColumn} = ANY(@ids)", ("k", (int)kind), ("ids", idArray));
            await cmd.ExecuteNonQueryAsync(cancellationToken);
        }

        if (kind == EntityKind.Organisation)
        {
            // Its people stay, without an organisation (they are re-linked if it comes back).
            using var unlink = Cmd(c, tx, "UPDATE entities SET organisation_id = NULL, dirty = 1 WHERE kind = 1 AND organisation_id = ANY(@ids)", ("ids", idArray));
            await unlink.ExecuteNonQueryAsync(cancellationToken);

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
        await using var tx = await c.BeginTransactionAsync(cancellationToken);
        await MarkDirtyAsync(c, tx, changes.Select(ch => (ch.EntityKind, ch.EntityId)), cancellationToken);
        var writes = new PostgresAttributeWrites();
        foreach (var ch in changes)
        {
            writes.Add(ch.EntityKind, ch.EntityId, ch.Name, ch.Value);
        }

        await writes.FlushAsync(c, tx, cancellationToken);
        await tx.CommitAsync(cancellationToken);
    }

    /// <summary>Marks entities dirty, creating the ones not known yet (as the SQLite store does for attribute and event writes).</summary>
    internal static async Task MarkDirtyAsync(NpgsqlConnection c, NpgsqlTransaction tx, IEnumerable<(EntityKind Kind, string Id)> entities, CancellationToken ct)
    {
        var distinct = entities.Distinct().ToList();
        if (distinct.Count == 0)
        {
            return;
        }

        using var cmd = Cmd(c, tx, """
            INSERT INTO entities (kind, id, updated_at, dirty) SELECT k, id, 0, 1 FROM unnest(@k, @id) AS x(k, id)
            ON CONFLICT (kind, id) DO UPDATE SET dirty = 1
            """, ("k", distinct.Select(e => (int)e.Kind).ToArray()), ("id", distinct.Select(e => e.Id).ToArray()));
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task<int> AppendEventsAsync(IReadOnlyList<EventRecord> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return 0;
        }

        await using var c = await OpenAsync(cancellationToken);
        await using var tx = await c.BeginTransactionAsync(cancellationToken);
        var n = await AppendEventsAsync(c, tx, events, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return n;
    }

    /// <summary>The append inside the caller's transaction (a single append or an import).</summary>
    internal static async Task<int> AppendEventsAsync(NpgsqlConnection c, NpgsqlTransaction tx, IReadOnlyList<EventRecord> events, CancellationToken cancellationToken)
    {
        var added = new List<(EntityKind, string)>();
        using (var ins = Cmd(c, tx, """
                   INSERT INTO events (message_id, kind, entity_id, organisation_id, name, occurred_at, received_at, properties)
                   SELECT * FROM unnest(@m, @k, @id, @org, @n, @at, @rcv, @p)
                   ON CONFLICT (message_id) DO NOTHING
                   RETURNING kind, entity_id
                   """,
                   ("m", events.Select(e => e.MessageId).ToArray()), ("k", events.Select(e => (int)e.EntityKind).ToArray()), ("id", events.Select(e => e.EntityId).ToArray()),
                   ("org", events.Select(e => e.OrganisationId).ToArray()), ("n", events.Select(e => e.Name).ToArray()),
                   ("at", events.Select(e => Ms(e.OccurredAt)).ToArray()), ("rcv", events.Select(e => Ms(e.ReceivedAt)).ToArray()),
                   ("p", events.Select(e => e.PropertiesJson).ToArray())))
        await using (var r = await ins.ExecuteReaderAsync(cancellationToken))
        {
            while (await r.ReadAsync(cancellationToken))
            {
                added.Add(((EntityKind)r.GetInt32(0), r.GetString(1)));
            }
        }

        await MarkDirtyAsync(c, tx, added, cancellationToken);
        return added.Count;
    }

    public async Task<(List<string> Organisations, List<string> OrphanPeople)> TakeDirtyAsync(CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        await using var tx = await c.BeginTransactionAsync(cancellationToken);
        var orgs = new HashSet<string>(StringComparer.Ordinal);
        var orphans = new List<string>();
        // Taking the marks is one statement: a row marked by another process meanwhile stays marked for the next take.
        using (var q = Cmd(c, tx, "UPDATE entities SET dirty = 0 WHERE dirty = 1 RETURNING kind, id, organisation_id"))
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

        // In the same transaction as the take: a unit whose mark is taken is due until its evaluation is settled.
        await UnsettleAsync(c, tx, orgs, orphans, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return ([.. orgs], orphans);
    }

    public async Task EnqueueRefreshAsync(IReadOnlyList<CrmRecordRef> records, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (records.Count == 0)
        {
            return;
        }

        await using var c = await OpenAsync(cancellationToken);
        using var ins = Cmd(c, null, "INSERT INTO refresh_queue (kind, id, queued_at) SELECT k, id, @at FROM unnest(@k, @id) AS x(k, id) ON CONFLICT DO NOTHING",
            ("at", Ms(now)), ("k", records.Select(r => (int)r.Kind).ToArray()), ("id", records.Select(r => r.Id).ToArray()));
        await ins.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<List<CrmRecordRef>> TakeRefreshAsync(int max, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        var list = new List<CrmRecordRef>();
        using var q = Cmd(c, null, """
            DELETE FROM refresh_queue WHERE (kind, id) IN (
                SELECT kind, id FROM refresh_queue ORDER BY queued_at LIMIT @m FOR UPDATE SKIP LOCKED)
            RETURNING kind, id
            """, ("m", max));
        await using var r = await q.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            list.Add(new CrmRecordRef((EntityKind)r.GetInt32(0), r.GetString(1)));
        }

        return list;
    }

    public async Task<int> CountAsync(EntityKind kind, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        using var q = Cmd(c, null, "SELECT COUNT(*)::int FROM entities WHERE kind = @k", ("k", (int)kind));
        return (int)(await q.ExecuteScalarAsync(cancellationToken))!;
    }
}
