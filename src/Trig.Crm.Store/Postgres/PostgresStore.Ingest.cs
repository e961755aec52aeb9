using Trig.Crm.Store.Ingest;
using Trig.Crm.Store.Sqlite;

namespace Trig.Crm.Store.Postgres;

public sealed partial class PostgresStore
{
    public async Task<IngestResult> IngestAsync(IReadOnlyList<IngestMessage> messages, IngestIdentity identity, CancellationToken cancellationToken)
    {
        if (messages.Count == 0)
        {
            return new IngestResult(0, 0, 0, 0);
        }

        await using var c = await OpenAsync(cancellationToken);
        await using var tx = await c.BeginTransactionAsync(cancellationToken);
        var w = new PostgresIngestWriter(c, tx, identity);
        await w.PrefetchAsync(messages, cancellationToken);
        int applied = 0, duplicates = 0, pending = 0;
        foreach (var m in messages)
        {
            // Track messages are deduplicated by the events' (and pending rows') unique message ids; traits updates
            // by the message-id table.
            if (m.Type != IngestType.Track && !w.TryMarkSeen(m))
            {
                duplicates++;
                continue;
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
                    if (w.KeepPending(m))
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

        await w.FlushAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return new IngestResult(applied, duplicates, pending, w.EventsAppended);
    }

    public async Task<int> ResolvePendingAsync(IngestIdentity identity, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        await using var tx = await c.BeginTransactionAsync(cancellationToken);
        var rows = new List<(long Id, IngestMessage Message)>();
        // SKIP LOCKED: a node re-checking at the same moment takes other rows, so no message is applied twice.
        using (var q = Cmd(c, tx, """
                   SELECT id, type, message_id, user_id, anonymous_id, group_id, event, traits, properties, occurred_at, received_at
                   FROM ingest_pending WHERE user_id IS NOT NULL OR group_id IS NOT NULL ORDER BY id LIMIT 20000 FOR UPDATE SKIP LOCKED
                   """))
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

        var w = new PostgresIngestWriter(c, tx, identity);
        await w.PrefetchAsync([.. rows.Select(x => x.Message)], cancellationToken);
        var resolved = new List<long>();
        foreach (var (id, m) in rows)
        {
            if (await w.ApplyAsync(m, cancellationToken) != IngestOutcome.Unmatched)
            {
                resolved.Add(id);
            }
        }

        await w.FlushAsync(cancellationToken);
        using (var del = Cmd(c, tx, "DELETE FROM ingest_pending WHERE id = ANY(@ids)", ("ids", resolved.ToArray())))
        {
            await del.ExecuteNonQueryAsync(cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
        return resolved.Count;
    }

    public async Task<int> CountPendingAsync(CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        using var q = Cmd(c, null, "SELECT COUNT(*)::int FROM ingest_pending");
        return (int)(await q.ExecuteScalarAsync(cancellationToken))!;
    }
}
