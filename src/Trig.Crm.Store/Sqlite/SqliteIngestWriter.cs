using System.Text.Json;
using Microsoft.Data.Sqlite;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Store.Ingest;
using static Trig.Crm.Store.Sqlite.SqliteStore;

namespace Trig.Crm.Store.Sqlite;

/// <summary>The prepared commands and per-transaction caches of one ingest write.</summary>
internal sealed class SqliteIngestWriter : IDisposable
{
    private readonly IngestIdentity _identity;
    private readonly SqliteCommand _byIdentity, _byId, _byAttribute, _link, _event, _attr, _delAttr, _pending, _adopt, _setOrg;
    private readonly Dictionary<(EntityKind, string), (string Id, string? Org)?> _resolved = [];
    private readonly HashSet<(EntityKind Kind, string Id)> _dirtySet = [];
    private readonly SqliteConnection _c;
    private readonly SqliteTransaction _tx;

    public SqliteIngestWriter(SqliteConnection c, SqliteTransaction tx, IngestIdentity identity)
    {
        _identity = identity;
        _c = c;
        _tx = tx;
        Seen = Prepared(c, tx, "INSERT INTO ingest_messages (message_id, received_at) VALUES ($m, $at) ON CONFLICT DO NOTHING", "$m", "$at");
        _byIdentity = Prepared(c, tx, """
            SELECT e.id, e.organisation_id FROM ingest_identities i JOIN entities e ON e.kind = i.kind AND e.id = i.entity_id
            WHERE i.kind = $k AND i.external_id = $x
            """, "$k", "$x");
        _byId = Prepared(c, tx, "SELECT id, organisation_id FROM entities WHERE kind = $k AND id = $x", "$k", "$x");
        _byAttribute = Prepared(c, tx, """
            SELECT e.id, e.organisation_id FROM attributes a JOIN entities e ON e.kind = a.kind AND e.id = a.entity_id
            WHERE a.kind = $k AND a.name = $n AND a.value = $x COLLATE NOCASE ORDER BY e.id LIMIT 1
            """, "$k", "$n", "$x");
        _link = Prepared(c, tx, "INSERT INTO ingest_identities (kind, external_id, entity_id) VALUES ($k, $x, $id) ON CONFLICT (kind, external_id) DO UPDATE SET entity_id = excluded.entity_id", "$k", "$x", "$id");
        _event = Prepared(c, tx, """
            INSERT INTO events (message_id, kind, entity_id, organisation_id, name, occurred_at, received_at, properties)
            VALUES ($m, $k, $id, $org, $n, $at, $rcv, $p) ON CONFLICT (message_id) DO NOTHING
            """, "$m", "$k", "$id", "$org", "$n", "$at", "$rcv", "$p");
        _attr = Prepared(c, tx, SqliteStore.UpsertAttributeSql, "$k", "$id", "$n", "$t", "$v");
        _delAttr = Prepared(c, tx, SqliteStore.DeleteAttributeSql, "$k", "$id", "$n");
        _pending = Prepared(c, tx, """
            INSERT INTO ingest_pending (type, message_id, user_id, anonymous_id, group_id, event, traits, properties, occurred_at, received_at)
            VALUES ($t, $m, $u, $a, $g, $e, $tr, $p, $at, $rcv) ON CONFLICT (message_id) DO NOTHING
            """, "$t", "$m", "$u", "$a", "$g", "$e", "$tr", "$p", "$at", "$rcv");
        _adopt = Prepared(c, tx, "UPDATE ingest_pending SET user_id = $u WHERE user_id IS NULL AND anonymous_id = $a", "$u", "$a");
        _setOrg = Prepared(c, tx, "UPDATE entities SET organisation_id = $org WHERE kind = 1 AND id = $id AND organisation_id IS NULL", "$org", "$id");
    }

    public SqliteCommand Seen { get; }

    public int EventsAppended { get; private set; }

    public void Set(SqliteCommand cmd, params object?[] values) => SqliteStore.Set(cmd, values);

    /// <summary>Applies a message to the entities it names; Unmatched when they are not (yet) known.</summary>
    public Task<IngestOutcome> ApplyAsync(IngestMessage m, CancellationToken ct) => m.Type switch
    {
        IngestType.Identify => ApplyIdentifyAsync(m, ct),
        IngestType.Group => ApplyGroupAsync(m, ct),
        _ => ApplyTrackAsync(m, ct),
    };

    private async Task<IngestOutcome> ApplyIdentifyAsync(IngestMessage m, CancellationToken ct)
    {
        if (m.UserId is not null && m.AnonymousId is not null)
        {
            // Messages sent before the user was identified now belong to that user.
            Set(_adopt, m.UserId, m.AnonymousId);
            await _adopt.ExecuteNonQueryAsync(ct);
        }

        var person = await ResolvePersonAsync(m.UserId, m.Traits, ct);
        if (person is null)
        {
            return IngestOutcome.Unmatched;
        }

        await WriteTraitsAsync(EntityKind.Person, person.Value.Id, m.Traits, ct);
        return IngestOutcome.Applied;
    }

    private async Task<IngestOutcome> ApplyGroupAsync(IngestMessage m, CancellationToken ct)
    {
        var org = await ResolveOrganisationAsync(m.GroupId, ct);
        if (org is null)
        {
            return IngestOutcome.Unmatched;
        }

        await WriteTraitsAsync(EntityKind.Organisation, org.Value.Id, m.Traits, ct);
        if (m.UserId is not null && await ResolvePersonAsync(m.UserId, null, ct) is { } p && p.Org is null)
        {
            // The CRM owns the link; a group call only fills it in for a person without an organisation.
            Set(_setOrg, org.Value.Id, p.Id);
            await _setOrg.ExecuteNonQueryAsync(ct);
            _resolved[(EntityKind.Person, m.UserId)] = (p.Id, org.Value.Id);
            _dirtySet.Add((EntityKind.Person, p.Id));
        }

        return IngestOutcome.Applied;
    }

    private async Task<IngestOutcome> ApplyTrackAsync(IngestMessage m, CancellationToken ct)
    {
        var person = m.UserId is null ? null : await ResolvePersonAsync(m.UserId, null, ct);
        var org = m.GroupId is null ? null : await ResolveOrganisationAsync(m.GroupId, ct);
        if (person is { } p)
        {
            if (!await AppendEventAsync(m, m.MessageId, EntityKind.Person, p.Id, p.Org ?? org?.Id, ct))
            {
                return IngestOutcome.Duplicate;
            }

            if (org is { } o && p.Org != o.Id)
            {
                // The engine counts a person's events for its own organisation only; another group gets its own copy.
                await AppendEventAsync(m, m.MessageId + "#group", EntityKind.Organisation, o.Id, o.Id, ct);
            }

            return IngestOutcome.Applied;
        }

        if (org is { } only)
        {
            return await AppendEventAsync(m, m.MessageId, EntityKind.Organisation, only.Id, only.Id, ct) ? IngestOutcome.Applied : IngestOutcome.Duplicate;
        }

        return IngestOutcome.Unmatched;
    }

    /// <summary>Keeps an unmatched message; false when a message with its id is already kept.</summary>
    public async Task<bool> KeepPendingAsync(IngestMessage m, CancellationToken ct)
    {
        Set(_pending, (int)m.Type, m.MessageId, m.UserId, m.AnonymousId, m.GroupId, m.Event,
            m.Traits is null ? null : IngestTraits.Format(m.Traits), m.PropertiesJson, Ms(m.Timestamp), Ms(m.ReceivedAt));
        return await _pending.ExecuteNonQueryAsync(ct) > 0;
    }

    public async Task FlushDirtyAsync(CancellationToken ct)
    {
        // One statement per entity kind for the whole call, not one per entity.
        foreach (var group in _dirtySet.GroupBy(d => d.Kind))
        {
            using var cmd = Cmd(_c, _tx, "UPDATE entities SET dirty = 1 WHERE kind = $k AND id IN (SELECT value FROM json_each($ids))",
                ("$k", (int)group.Key), ("$ids", JsonSerializer.Serialize(group.Select(g => g.Id))));
            await cmd.ExecuteNonQueryAsync(ct);
        }

        _dirtySet.Clear();
    }

    /// <summary>
    /// Resolves, in one query per entity kind, every id of the call that is an entity id (the default identity
    /// key): the per-message lookups then hit the cache, leaving one insert per tracked event.
    /// </summary>
    public async Task PrefetchAsync(IReadOnlyList<IngestMessage> messages, CancellationToken ct)
    {
        var people = _identity.PersonKey == IngestIdentity.EntityId ? messages.Select(m => m.UserId).OfType<string>().Distinct(StringComparer.Ordinal).ToList() : [];
        var orgs = _identity.OrganisationKey == IngestIdentity.EntityId ? messages.Select(m => m.GroupId).OfType<string>().Distinct(StringComparer.Ordinal).ToList() : [];
        foreach (var (kind, ids) in new[] { (EntityKind.Person, people), (EntityKind.Organisation, orgs) })
        {
            if (ids.Count == 0)
            {
                continue;
            }

            using var q = Cmd(_c, _tx, "SELECT id, organisation_id FROM entities WHERE kind = $k AND id IN (SELECT value FROM json_each($ids))",
                ("$k", (int)kind), ("$ids", JsonSerializer.Serialize(ids)));
            await using var r = await q.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                _resolved[(kind, r.GetString(0))] = (r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1));
            }
        }
    }

    private async Task<bool> AppendEventAsync(IngestMessage m, string messageId, EntityKind kind, string id, string? org, CancellationToken ct)
    {
        Set(_event, messageId, (int)kind, id, org, m.Event, Ms(m.Timestamp), Ms(m.ReceivedAt), m.PropertiesJson);
        if (await _event.ExecuteNonQueryAsync(ct) == 0)
        {
            return false;
        }

        EventsAppended++;
        _dirtySet.Add((kind, id));
        return true;
    }

    private async Task WriteTraitsAsync(EntityKind kind, string id, IReadOnlyDictionary<string, AttributeValue>? traits, CancellationToken ct)
    {
        foreach (var (name, value) in traits ?? new Dictionary<string, AttributeValue>())
        {
            if (value.IsNone)
            {
                Set(_delAttr, (int)kind, id, name);
                await _delAttr.ExecuteNonQueryAsync(ct);
            }
            else
            {
                Set(_attr, (int)kind, id, name, (int)value.Kind, value.ToString());
                await _attr.ExecuteNonQueryAsync(ct);
            }
        }

        _dirtySet.Add((kind, id));
    }

    private async Task<(string Id, string? Org)?> ResolvePersonAsync(string? userId, IReadOnlyDictionary<string, AttributeValue>? traits, CancellationToken ct)
    {
        var key = _identity.PersonKey;
        string? keyValue = null;
        if (key != IngestIdentity.EntityId && traits is not null)
        {
            keyValue = traits.TryGetValue(key, out var v) && !v.IsNone ? v.ToString()
                : key.Contains("email", StringComparison.OrdinalIgnoreCase) && traits.TryGetValue("email", out var e) && !e.IsNone ? e.ToString()
                : null;
        }

        if (userId is null && keyValue is null)
        {
            return null;
        }

        return await ResolveAsync(EntityKind.Person, userId, keyValue ?? userId!, key, ct);
    }

    private Task<(string Id, string? Org)?> ResolveOrganisationAsync(string? groupId, CancellationToken ct) =>
        groupId is null ? Task.FromResult<(string, string?)?>(null) : ResolveAsync(EntityKind.Organisation, groupId, groupId, _identity.OrganisationKey, ct);

    private async Task<(string Id, string? Org)?> ResolveAsync(EntityKind kind, string? externalId, string keyValue, string key, CancellationToken ct)
    {
        if (externalId is not null && _resolved.TryGetValue((kind, externalId), out var cached) && cached is not null)
        {
            return cached;
        }

        (string Id, string? Org)? found = null;
        if (key == IngestIdentity.EntityId)
        {
            // The common case first: the id is the entity id (one lookup on the hot path).
            found = await ReadAsync(_byId, ct, (int)kind, keyValue);
        }

        if (found is null && externalId is not null)
        {
            found = await ReadAsync(_byIdentity, ct, (int)kind, externalId);
        }

        if (found is null && key != IngestIdentity.EntityId)
        {
            found = await ReadAsync(_byAttribute, ct, (int)kind, key, keyValue);
        }

        if (found is { } f && externalId is not null)
        {
            if (f.Id != externalId)
            {
                // Later calls with only the userId/groupId (track) find the record without the key trait.
                Set(_link, (int)kind, externalId, f.Id);
                await _link.ExecuteNonQueryAsync(ct);
            }

            _resolved[(kind, externalId)] = f;
        }

        return found;
    }

    private async Task<(string Id, string? Org)?> ReadAsync(SqliteCommand cmd, CancellationToken ct, params object?[] values)
    {
        Set(cmd, values);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct))
        {
            return null;
        }

        return (r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1));
    }

    public void Dispose()
    {
        foreach (var cmd in new[] { Seen, _byIdentity, _byId, _byAttribute, _link, _event, _attr, _delAttr, _pending, _adopt, _setOrg })
        {
            cmd.Dispose();
        }
    }
}
