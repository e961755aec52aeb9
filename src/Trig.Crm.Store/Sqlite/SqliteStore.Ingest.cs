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
            int applied = 0, duplicates = 0, pending = 0;
            foreach (var m in messages)
            {
                // Track messages are deduplicated by the events' (and pending rows') unique message ids: one
                // insert fewer per event on the hot path. Traits updates need the message-id table.
                if (m.Type != IngestType.Track)
                {
                    w.Set(w.Seen, m.MessageId, Ms(m.ReceivedAt));
                    if (await w.Seen.ExecuteNonQueryAsync(cancellationToken) == 0)
                    {
                        duplicates++;
                        continue;
                    }
                }

                switch (await w.ApplyAsync(m, cancellationToken))
                {
                    case IngestOutcome.Applied:
                        applied++;
                        break;
                    case IngestOutcome.Duplicate:
                        duplicates++;
                        break;
                    default:
                        if (await w.KeepPendingAsync(m, cancellationToken))
                        {
                            pending++;
                        }
                        else
                        {
                            duplicates++;
                        }

                        break;
                }
            }

            await w.FlushDirtyAsync(cancellationToken);
            await tx.CommitAsync(cancellationToken);
            return new IngestResult(applied, duplicates, pending, w.EventsAppended);
        }
        finally
        {
            _ingestGate.Release();
        }
    }

    public async Task<int> ResolvePendingAsync(IngestIdentity identity, CancellationToken cancellationToken)
    {
        await _ingestGate.WaitAsync(cancellationToken);
        try
        {
            await using var c = await OpenAsync(cancellationToken);
            await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(cancellationToken);
            var rows = new List<(long Id, IngestMessage Message)>();
            using (var q = Cmd(c, tx, "SELECT id, type, message_id, user_id, anonymous_id, group_id, event, traits, properties, occurred_at, received_at FROM ingest_pending WHERE user_id IS NOT NULL OR group_id IS NOT NULL ORDER BY id LIMIT 20000"))
            await using (var r = await q.ExecuteReaderAsync(cancellationToken))
            {
                while (await r.ReadAsync(cancellationToken))
                {
                    rows.Add((r.GetInt64(0), new IngestMessage(
                        (IngestType)r.GetInt32(1), r.GetString(2), Str(r, 3), Str(r, 4), Str(r, 5), Str(r, 6),
                        r.IsDBNull(7) ? null : IngestTraits.Parse(r.GetString(7)), Str(r, 8), At(r.GetInt64(9)), At(r.GetInt64(10)))));
                }
            }

            if (rows.Count == 0)
            {
                return 0;
            }

            using var w = new SqliteIngestWriter(c, tx, identity);
            using var del = Prepared(c, tx, "DELETE FROM ingest_pending WHERE id = $id", "$id");
            var resolved = 0;
            foreach (var (id, m) in rows)
            {
                if (await w.ApplyAsync(m, cancellationToken) != IngestOutcome.Unmatched)
                {
                    Set(del, id);
                    await del.ExecuteNonQueryAsync(cancellationToken);
                    resolved++;
                }
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

    private static string? Str(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
}
