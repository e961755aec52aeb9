using Npgsql;
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
        var (applied, duplicates, pending) = await IngestBatch.ApplyAsync(messages, m => ValueTask.FromResult(w.TryMarkSeen(m)),
            m => w.ApplyAsync(m, cancellationToken), m => ValueTask.FromResult(w.KeepPending(m)));
        await w.FlushAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return new IngestResult(applied, duplicates, pending, w.EventsAppended);
    }

    /// <summary>
    /// The pending rows some record now answers for, found by key (entity id, a linked external id, or the identity
    /// attribute, from the row's id or its traits) through the pending table's user/group indexes: never "the first N
    /// pending rows", which starved a late record behind thousands of unrelated unknown ids (as in the SQLite store).
    /// </summary>
    private const string ResolvableSql = """
        SELECT p.id, p.type, p.message_id, p.user_id, p.anonymous_id, p.group_id, p.event, p.traits, p.properties, p.occurred_at, p.received_at
        FROM ingest_pending p WHERE p.id > @after AND p.id IN (
            SELECT p.id FROM entities e JOIN ingest_pending p ON p.user_id = e.id WHERE e.kind = 1
            UNION SELECT p.id FROM entities e JOIN ingest_pending p ON p.group_id = e.id WHERE e.kind = 0
            UNION SELECT p.id FROM ingest_identities i JOIN ingest_pending p ON p.user_id = i.external_id WHERE i.kind = 1
            UNION SELECT p.id FROM ingest_identities i JOIN ingest_pending p ON p.group_id = i.external_id WHERE i.kind = 0
            UNION SELECT p.id FROM ingest_pending p JOIN attributes a
                ON @personKey <> 'id' AND a.kind = 1 AND a.name = @personKey AND lower(a.value) = lower(p.user_id)
            UNION SELECT p.id FROM ingest_pending p JOIN attributes a
                ON @orgKey <> 'id' AND a.kind = 0 AND a.name = @orgKey AND lower(a.value) = lower(p.group_id)
            UNION SELECT p.id FROM ingest_pending p JOIN attributes a
                ON @personKey <> 'id' AND p.traits IS NOT NULL AND a.kind = 1 AND a.name = @personKey
                AND lower(a.value) = lower(COALESCE(p.traits::json -> @personKey ->> 1, CASE WHEN @emailFallback THEN p.traits::json -> 'email' ->> 1 END)))
        ORDER BY p.id LIMIT 5000 FOR UPDATE OF p SKIP LOCKED
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

        await using var c = await OpenAsync(cancellationToken);
        await using var tx = await c.BeginTransactionAsync(cancellationToken);
        var emailFallback = identity.PersonKey.Contains("email", StringComparison.OrdinalIgnoreCase);
        var resolved = 0;
        var after = 0L;
        while (true)
        {
            // In pages by id (keyset), so each page is a fresh read and no row is looked at twice. SKIP LOCKED: a node
            // re-checking at the same moment takes other rows, so no message is applied twice.
            var rows = new List<(long Id, IngestMessage Message)>();
            using (var q = Cmd(c, tx, ResolvableSql, ("after", after), ("personKey", identity.PersonKey), ("orgKey", identity.OrganisationKey), ("emailFallback", emailFallback)))
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

            resolved += await ApplyPendingAsync(c, tx, identity, rows, cancellationToken);
            after = rows[^1].Id;
        }

        await tx.CommitAsync(cancellationToken);
        return resolved;
    }

    /// <summary>Applies one page of pending rows and deletes the ones that now matched; returns how many did.</summary>
    private static async Task<int> ApplyPendingAsync(NpgsqlConnection c, NpgsqlTransaction tx, IngestIdentity identity, List<(long Id, IngestMessage Message)> rows, CancellationToken ct)
    {
        var w = new PostgresIngestWriter(c, tx, identity);
        await w.PrefetchAsync([.. rows.Select(x => x.Message)], ct);
        var resolved = new List<long>();
        foreach (var (id, m) in rows)
        {
            if (await w.ApplyAsync(m, ct) != IngestOutcome.Unmatched)
            {
                resolved.Add(id);
            }
        }

        await w.FlushAsync(ct);
        using var del = Cmd(c, tx, "DELETE FROM ingest_pending WHERE id = ANY(@ids)", ("ids", resolved.ToArray()));
        await del.ExecuteNonQueryAsync(ct);
        return resolved.Count;
    }

    public async Task<int> CountPendingAsync(CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        using var q = Cmd(c, null, "SELECT COUNT(*)::int FROM ingest_pending");
        return (int)(await q.ExecuteScalarAsync(cancellationToken))!;
    }
}
