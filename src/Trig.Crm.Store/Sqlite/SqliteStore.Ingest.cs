using Microsoft.Data.Sqlite;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Store.Ingest;

namespace Trig.Crm.Store.Sqlite;

public sealed partial class SqliteStore
{
    // SQLite has one writer: queueing ingest writers in-process is cheaper than SQLite's busy-wait polling.
    private readonly SemaphoreSlim _ingestGate = new(1, 1);

    public async Task<IngestResult> IngestAsync(IReadOnlyList<IngestMessage> messages, IngestIdentity identity, CancellationToken cancellationToken)
    {
        if (messages.Count == 0)
        {
            return new IngestResult(0, 0, 0, 0);
        }

        await _ingestGate.WaitAsync(cancellationToken);
        try
        {
            await using var c = await OpenAsync(cancellationToken);
            using (var cache = Cmd(c, null, "PRAGMA cache_size = -32768"))
            {
                // 32 MB of page cache: the events indexes (message id, entity) outgrow the 2 MB default quickly.
                await cache.ExecuteNonQueryAsync(cancellationToken);
            }

            await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(cancellationToken);
            using var w = new SqliteIngestWriter(c, tx, identity);
            await w.PrefetchAsync(messages, cancellationToken);
            var (applied, duplicates, pending) = await IngestBatch.ApplyAsync(messages, async m =>
                {
                    w.Set(w.Seen, m.MessageId, Ms(m.ReceivedAt));
                    return await w.Seen.ExecuteNonQueryAsync(cancellationToken) != 0;
                },
                m => w.ApplyAsync(m, cancellationToken), m => new ValueTask<bool>(w.KeepPendingAsync(m, cancellationToken)));
            await w.FlushDirtyAsync(cancellationToken);
            await tx.CommitAsync(cancellationToken);
            return new IngestResult(applied, duplicates, pending, w.EventsAppended);
        }
        finally
        {
            _ingestGate.Release();
        }
    }

    /// <summary>
    /// The pending rows some record now answers for, found by key (entity id, a linked external id, or the identity
    /// attribute, from the row's id or its traits) through the pending table's user/group indexes: never "the first N
    /// pending rows", which starved a late record behind thousands of unrelated unknown ids.
    /// </summary>
    // CROSS JOIN keeps the pending messages the outer loop (SQLite never reorders it), so each one is a key lookup:
    // the cost follows what is pending, not the store (a plain JOIN scanned every person and their e-mails first).
    internal const string ResolvableSql = """
        SELECT p.id, p.type, p.message_id, p.user_id, p.anonymous_id, p.group_id, p.event, p.traits, p.properties, p.occurred_at, p.received_at
        FROM ingest_pending p WHERE p.id > $after AND p.id IN (
            SELECT p.id FROM ingest_pending p CROSS JOIN entities e ON e.kind = 1 AND e.id = p.user_id
            UNION SELECT p.id FROM ingest_pending p CROSS JOIN entities e ON e.kind = 0 AND e.id = p.group_id
            UNION SELECT p.id FROM ingest_pending p CROSS JOIN ingest_identities i ON i.kind = 1 AND i.external_id = p.user_id
            UNION SELECT p.id FROM ingest_pending p CROSS JOIN ingest_identities i ON i.kind = 0 AND i.external_id = p.group_id
            UNION SELECT p.id FROM ingest_pending p CROSS JOIN attributes a
                ON $personKey <> 'id' AND a.kind = 1 AND a.name = $personKey AND a.value = p.user_id COLLATE NOCASE
            UNION SELECT p.id FROM ingest_pending p CROSS JOIN attributes a
                ON $orgKey <> 'id' AND a.kind = 0 AND a.name = $orgKey AND a.value = p.group_id COLLATE NOCASE
            UNION SELECT p.id FROM ingest_pending p CROSS JOIN attributes a
                ON $personKey <> 'id' AND p.traits IS NOT NULL AND a.kind = 1 AND a.name = $personKey
                AND a.value = COALESCE(json_extract(p.traits, $keyPath), json_extract(p.traits, $emailPath)) COLLATE NOCASE)
        ORDER BY p.id LIMIT 5000
        """;

    private async Task<bool> AnyPendingAsync(CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        using var q = Cmd(c, null, "SELECT EXISTS (SELECT 1 FROM ingest_pending)");
        return Convert.ToInt64(await q.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) != 0;
    }

    public async Task<int> ResolvePendingAsync(IngestIdentity identity, CancellationToken cancellationToken)
    {
        // Every pull ends here, and most find nothing pending: one probe instead of the matching query.
        if (!await AnyPendingAsync(cancellationToken))
        {
            return 0;
        }

        await _ingestGate.WaitAsync(cancellationToken);
        try
        {
            await using var c = await OpenAsync(cancellationToken);
            await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(cancellationToken);
            using var w = new SqliteIngestWriter(c, tx, identity);
            using var del = Prepared(c, tx, "DELETE FROM ingest_pending WHERE id = $id", "$id");
            using var q = Prepared(c, tx, ResolvableSql, "$after", "$personKey", "$orgKey", "$keyPath", "$emailPath");
            var keyPath = "$.\"" + identity.PersonKey.Replace("\"", "", StringComparison.Ordinal) + "\"[1]";
            var emailPath = identity.PersonKey.Contains("email", StringComparison.OrdinalIgnoreCase) ? "$.email[1]" : null;
            var resolved = 0;
            var after = 0L;
            while (true)
            {
                // In pages by id (keyset), so each page is a fresh read and no row is looked at twice.
                Set(q, after, identity.PersonKey, identity.OrganisationKey, keyPath, emailPath);
                var rows = new List<(long Id, IngestMessage Message)>();
                await using (var r = await q.ExecuteReaderAsync(cancellationToken))
                {
                    while (await r.ReadAsync(cancellationToken))
                    {
                        rows.Add((r.GetInt64(0), new IngestMessage(
                            (IngestType)r.GetInt32(1), r.GetString(2), StoreSql.Str(r, 3), StoreSql.Str(r, 4), StoreSql.Str(r, 5), StoreSql.Str(r, 6),
                            r.IsDBNull(7) ? null : IngestTraits.Parse(r.GetString(7)), StoreSql.Str(r, 8), StoreSql.At(r.GetInt64(9)), StoreSql.At(r.GetInt64(10)))));
                    }
                }

                if (rows.Count == 0)
                {
                    break;
                }

                foreach (var (id, m) in rows)
                {
                    if (await w.ApplyAsync(m, cancellationToken) != IngestOutcome.Unmatched)
                    {
                        Set(del, id);
                        await del.ExecuteNonQueryAsync(cancellationToken);
                        resolved++;
                    }
                }

                after = rows[^1].Id;
            }

            if (resolved == 0)
            {
                return 0;
            }

            await w.FlushDirtyAsync(cancellationToken);
            await tx.CommitAsync(cancellationToken);
            return resolved;
        }
        finally
        {
            _ingestGate.Release();
        }
    }

    public async Task<int> CountPendingAsync(CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        using var q = Cmd(c, null, "SELECT COUNT(*) FROM ingest_pending");
        return (int)(long)(await q.ExecuteScalarAsync(cancellationToken))!;
    }
}
