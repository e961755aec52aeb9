using Npgsql;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Store.Ingest;
using Trig.Crm.Store.Sqlite;
using static Trig.Crm.Store.Postgres.PostgresStore;

namespace Trig.Crm.Store.Postgres;

/// <summary>
/// One ingest write on PostgreSQL, with the rules of <see cref="SqliteIngestWriter"/> but shaped for a network round
/// trip per statement: what the messages need to know up front (which entities exist, which message ids were seen,
/// which events and pending rows exist) is read in a few queries by <see cref="PrefetchAsync"/>, and the writes
/// (seen ids, events, attributes, pending rows, adoptions, dirty marks) are gathered and sent as array statements by
/// <see cref="FlushAsync"/>. Only the rare paths (a person found by a key attribute, a group filling in a person's
/// organisation) read or write as they go.
/// </summary>
internal sealed class PostgresIngestWriter(NpgsqlConnection c, NpgsqlTransaction tx, IngestIdentity identity)
{
    private readonly Dictionary<(EntityKind, string), (string Id, string? Org)?> _resolved = [];
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly HashSet<string> _events = new(StringComparer.Ordinal);
    private readonly HashSet<string> _pendingIds = new(StringComparer.Ordinal);
    private readonly List<(string Id, long At)> _newSeen = [];
    private readonly List<(string MessageId, EntityKind Kind, string Id, string? Org, IngestMessage M)> _newEvents = [];
    private readonly List<IngestMessage> _newPending = [];
    private readonly List<(string Anonymous, string User)> _adoptions = [];
    private readonly PostgresAttributeWrites _attributes = new();
    private readonly HashSet<(EntityKind Kind, string Id)> _dirty = [];

    public int EventsAppended { get; private set; }

    /// <summary>Reads, in one round trip, what the messages' lookups and duplicate checks need.</summary>
    public async Task PrefetchAsync(IReadOnlyList<IngestMessage> messages, CancellationToken ct)
    {
        var people = identity.PersonKey == IngestIdentity.EntityId ? messages.Select(m => m.UserId).OfType<string>().Distinct(StringComparer.Ordinal).ToArray() : [];
        var orgs = identity.OrganisationKey == IngestIdentity.EntityId ? messages.Select(m => m.GroupId).OfType<string>().Distinct(StringComparer.Ordinal).ToArray() : [];
        var ids = messages.Select(m => m.MessageId).Distinct(StringComparer.Ordinal).ToArray();
        var eventIds = ids.Concat(ids.Select(id => id + "#group")).ToArray();
        await using var batch = new NpgsqlBatch(c, tx);
        Add(batch, "SELECT kind, id, organisation_id FROM entities WHERE (kind = 1 AND id = ANY($1)) OR (kind = 0 AND id = ANY($2))", people, orgs);
        Add(batch, "SELECT message_id FROM ingest_messages WHERE message_id = ANY($1)", ids);
        Add(batch, "SELECT message_id FROM events WHERE message_id = ANY($1)", eventIds);
        Add(batch, "SELECT message_id FROM ingest_pending WHERE message_id = ANY($1)", ids);
        await using var r = await batch.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            _resolved[((EntityKind)r.GetInt32(0), r.GetString(1))] = (r.GetString(1), StoreSql.Str(r, 2));
        }

        foreach (var set in new[] { _seen, _events, _pendingIds })
        {
            await r.NextResultAsync(ct);
            while (await r.ReadAsync(ct))
            {
                set.Add(r.GetString(0));
            }
        }
    }

    private static void Add(NpgsqlBatch batch, string sql, params Array[] values)
    {
        var cmd = new NpgsqlBatchCommand(sql);
        foreach (var v in values)
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = v });
        }

        batch.BatchCommands.Add(cmd);
    }

    /// <summary>Records a traits message id; false when it was seen before.</summary>
    public bool TryMarkSeen(IngestMessage m)
    {
        if (!_seen.Add(m.MessageId))
        {
            return false;
        }

        _newSeen.Add((m.MessageId, Ms(m.ReceivedAt)));
        return true;
    }

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
            // Messages sent before the user was identified now belong to that user (applied at flush, after the
            // pending rows of this call are in).
            _adoptions.Add((m.AnonymousId, m.UserId));
        }

        var person = await ResolvePersonAsync(m.UserId, m.Traits, ct);
        if (person is null)
        {
            return IngestOutcome.Unmatched;
        }

        WriteTraits(EntityKind.Person, person.Value.Id, m.Traits);
        return IngestOutcome.Applied;
    }

    private async Task<IngestOutcome> ApplyGroupAsync(IngestMessage m, CancellationToken ct)
    {
        var org = await ResolveOrganisationAsync(m.GroupId, ct);
        if (org is null)
        {
            return IngestOutcome.Unmatched;
        }

        WriteTraits(EntityKind.Organisation, org.Value.Id, m.Traits);
        if (m.UserId is not null && await ResolvePersonAsync(m.UserId, null, ct) is { } p && p.Org is null)
        {
            // The CRM owns the link; a group call only fills it in for a person without an organisation.
            using var setOrg = Cmd(c, tx, "UPDATE entities SET organisation_id = @org WHERE kind = 1 AND id = @id AND organisation_id IS NULL", ("org", org.Value.Id), ("id", p.Id));
            await setOrg.ExecuteNonQueryAsync(ct);
            _resolved[(EntityKind.Person, m.UserId)] = (p.Id, org.Value.Id);
            _dirty.Add((EntityKind.Person, p.Id));
        }

        return IngestOutcome.Applied;
    }

    private async Task<IngestOutcome> ApplyTrackAsync(IngestMessage m, CancellationToken ct)
    {
        var person = m.UserId is null ? null : await ResolvePersonAsync(m.UserId, null, ct);
        var org = m.GroupId is null ? null : await ResolveOrganisationAsync(m.GroupId, ct);
        if (person is { } p)
        {
            if (!AppendEvent(m, m.MessageId, EntityKind.Person, p.Id, p.Org ?? org?.Id))
            {
                return IngestOutcome.Duplicate;
            }

            if (org is { } o && p.Org != o.Id)
            {
                // The engine counts a person's events for its own organisation only; another group gets its own copy.
                AppendEvent(m, m.MessageId + "#group", EntityKind.Organisation, o.Id, o.Id);
            }

            return IngestOutcome.Applied;
        }

        if (org is { } only)
        {
            return AppendEvent(m, m.MessageId, EntityKind.Organisation, only.Id, only.Id) ? IngestOutcome.Applied : IngestOutcome.Duplicate;
        }

        return IngestOutcome.Unmatched;
    }

    /// <summary>Keeps an unmatched message; false when a message with its id is already kept.</summary>
    public bool KeepPending(IngestMessage m)
    {
        if (!_pendingIds.Add(m.MessageId))
        {
            return false;
        }

        _newPending.Add(m);
        return true;
    }

    private bool AppendEvent(IngestMessage m, string messageId, EntityKind kind, string id, string? org)
    {
        if (!_events.Add(messageId))
        {
            return false;
        }

        _newEvents.Add((messageId, kind, id, org, m));
        EventsAppended++;
        _dirty.Add((kind, id));
        return true;
    }

    private void WriteTraits(EntityKind kind, string id, IReadOnlyDictionary<string, AttributeValue>? traits)
    {
        foreach (var (name, value) in traits ?? new Dictionary<string, AttributeValue>())
        {
            _attributes.Add(kind, id, name, value);
        }

        _dirty.Add((kind, id));
    }

    private async Task<(string Id, string? Org)?> ResolvePersonAsync(string? userId, IReadOnlyDictionary<string, AttributeValue>? traits, CancellationToken ct)
    {
        var key = identity.PersonKey;
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
        groupId is null ? Task.FromResult<(string, string?)?>(null) : ResolveAsync(EntityKind.Organisation, groupId, groupId, identity.OrganisationKey, ct);

    private async Task<(string Id, string? Org)?> ResolveAsync(EntityKind kind, string? externalId, string keyValue, string key, CancellationToken ct)
    {
        if (externalId is not null && _resolved.TryGetValue((kind, externalId), out var cached) && cached is not null)
        {
            return cached;
        }

        (string Id, string? Org)? found = null;
        if (key == IngestIdentity.EntityId)
        {
            found = await ReadAsync("SELECT id, organisation_id FROM entities WHERE kind = @k AND id = @x", ct, ("k", (int)kind), ("x", keyValue));
        }

        if (found is null && externalId is not null)
        {
            found = await ReadAsync("""
                SELECT e.id, e.organisation_id FROM ingest_identities i JOIN entities e ON e.kind = i.kind AND e.id = i.entity_id
                WHERE i.kind = @k AND i.external_id = @x
                """, ct, ("k", (int)kind), ("x", externalId));
        }

        if (found is null && key != IngestIdentity.EntityId)
        {
            found = await ReadAsync("""
                SELECT e.id, e.organisation_id FROM attributes a JOIN entities e ON e.kind = a.kind AND e.id = a.entity_id
                WHERE a.kind = @k AND a.name = @n AND lower(a.value) = lower(@x) ORDER BY e.id LIMIT 1
                """, ct, ("k", (int)kind), ("n", key), ("x", keyValue));
        }

        if (found is { } f && externalId is not null)
        {
            if (f.Id != externalId)
            {
                // Later calls with only the userId/groupId (track) find the record without the key trait.
                using var link = Cmd(c, tx, "INSERT INTO ingest_identities (kind, external_id, entity_id) VALUES (@k, @x, @id) ON CONFLICT (kind, external_id) DO UPDATE SET entity_id = excluded.entity_id",
                    ("k", (int)kind), ("x", externalId), ("id", f.Id));
                await link.ExecuteNonQueryAsync(ct);
            }

            _resolved[(kind, externalId)] = f;
        }

        return found;
    }

    private async Task<(string Id, string? Org)?> ReadAsync(string sql, CancellationToken ct, params (string, object?)[] ps)
    {
        using var cmd = Cmd(c, tx, sql, ps);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? (r.GetString(0), StoreSql.Str(r, 1)) : null;
    }

    /// <summary>Sends every gathered write, one array statement per table.</summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(c, tx);
        if (_newSeen.Count > 0)
        {
            Add(batch, "INSERT INTO ingest_messages (message_id, received_at) SELECT * FROM unnest($1::text[], $2::bigint[]) ON CONFLICT DO NOTHING",
                _newSeen.Select(s => s.Id).ToArray(), _newSeen.Select(s => s.At).ToArray());
        }

        if (_newEvents.Count > 0)
        {
            Add(batch, """
                INSERT INTO events (message_id, kind, entity_id, organisation_id, name, occurred_at, received_at, properties)
                SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::bigint[], $8::text[])
                ON CONFLICT (message_id) DO NOTHING
                """,
                _newEvents.Select(e => e.MessageId).ToArray(), _newEvents.Select(e => (int)e.Kind).ToArray(), _newEvents.Select(e => e.Id).ToArray(),
                _newEvents.Select(e => e.Org).ToArray(), _newEvents.Select(e => e.M.Event).ToArray(), _newEvents.Select(e => Ms(e.M.Timestamp)).ToArray(),
                _newEvents.Select(e => Ms(e.M.ReceivedAt)).ToArray(), _newEvents.Select(e => e.M.PropertiesJson).ToArray());
        }

        if (_newPending.Count > 0)
        {
            Add(batch, """
                INSERT INTO ingest_pending (type, message_id, user_id, anonymous_id, group_id, event, traits, properties, occurred_at, received_at)
                SELECT t, m, u, a, g, e, tr, p, o, r
                FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::bigint[], $10::bigint[])
                    WITH ORDINALITY AS x(t, m, u, a, g, e, tr, p, o, r, n)
                ORDER BY n
                ON CONFLICT (message_id) DO NOTHING
                """,
                _newPending.Select(m => (int)m.Type).ToArray(), _newPending.Select(m => m.MessageId).ToArray(), _newPending.Select(m => m.UserId).ToArray(),
                _newPending.Select(m => m.AnonymousId).ToArray(), _newPending.Select(m => m.GroupId).ToArray(), _newPending.Select(m => m.Event).ToArray(),
                _newPending.Select(m => m.Traits is null ? null : IngestTraits.Format(m.Traits)).ToArray(), _newPending.Select(m => m.PropertiesJson).ToArray(),
                _newPending.Select(m => Ms(m.Timestamp)).ToArray(), _newPending.Select(m => Ms(m.ReceivedAt)).ToArray());
        }

        // The first identify of an anonymous id adopts its pending messages; later ones find nothing left to adopt.
        var adoptions = _adoptions.DistinctBy(a => a.Anonymous, StringComparer.Ordinal).ToList();
        if (adoptions.Count > 0)
        {
            Add(batch, "UPDATE ingest_pending p SET user_id = a.u FROM unnest($1::text[], $2::text[]) AS a(anon, u) WHERE p.user_id IS NULL AND p.anonymous_id = a.anon",
                adoptions.Select(a => a.Anonymous).ToArray(), adoptions.Select(a => a.User).ToArray());
        }

        if (batch.BatchCommands.Count > 0)
        {
            await batch.ExecuteNonQueryAsync(ct);
        }

        await _attributes.FlushAsync(c, tx, ct);
        if (_dirty.Count > 0)
        {
            using var dirty = Cmd(c, tx, "UPDATE entities e SET dirty = 1 FROM unnest(@k, @id) AS d(kind, id) WHERE e.kind = d.kind AND e.id = d.id",
                ("k", _dirty.Select(d => (int)d.Kind).ToArray()), ("id", _dirty.Select(d => d.Id).ToArray()));
            await dirty.ExecuteNonQueryAsync(ct);
        }

        _newSeen.Clear();
        _newEvents.Clear();
        _newPending.Clear();
        _adoptions.Clear();
        _dirty.Clear();
    }
}
