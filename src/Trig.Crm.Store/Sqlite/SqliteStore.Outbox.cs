using Microsoft.Data.Sqlite;
using Trig.Crm.Lifecycle.Actions;

namespace Trig.Crm.Store.Sqlite;

public sealed partial class SqliteStore
{
    private const string OutboxColumns = "id, idempotency_key, action_kind, payload, definition_key, definition_name, definition_kind, transition, transition_id, entity_kind, entity_id, occurred_at, attempts, status, claimed_until, last_error, detail, updated_at";

    public async Task<IReadOnlyList<OutboxItem>> ClaimDueAsync(int max, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(cancellationToken);
        var items = new List<OutboxItem>();
        using (var q = Cmd(c, tx, $"""
                   UPDATE outbox SET status = $inFlight, claimed_until = $until, attempts = attempts + 1, updated_at = $now
                   WHERE id IN (SELECT id FROM (
                                    SELECT id, next_attempt_at FROM outbox WHERE status = $pending AND next_attempt_at <= $now
                                    UNION ALL SELECT id, next_attempt_at FROM outbox WHERE status = $retry AND next_attempt_at <= $now
                                    UNION ALL SELECT id, next_attempt_at FROM outbox WHERE status = $inFlight AND claimed_until < $now)
                                ORDER BY next_attempt_at, id LIMIT $max)
                   RETURNING {OutboxColumns}
                   """, ("$until", Ms(now + lease)), ("$now", Ms(now)), ("$max", max),
                   ("$pending", OutboxStatus.Pending.ToText()), ("$retry", OutboxStatus.Retry.ToText()), ("$inFlight", OutboxStatus.InFlight.ToText())))
        await using (var r = await q.ExecuteReaderAsync(cancellationToken))
        {
            while (await r.ReadAsync(cancellationToken))
            {
                // claimed_until was overwritten; an expired lease shows as attempts > 1 with a previous in-flight state,
                // so the previous state is read back below.
                items.Add(OutboxRows.ReadItem(r, outcomeUnknown: false));
            }
        }

        await tx.CommitAsync(cancellationToken);
        return items;
    }

    /// <summary>
    /// Before a handler sends, the dispatcher marks the row: if the process dies mid-send, the next claim sees the
    /// marker and hands the row over with OutcomeUnknown, so the handler checks for an earlier delivery first.
    /// </summary>
    public async Task MarkSendingAsync(long id, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        await OutboxRows.MarkSendingAsync(sql => Cmd(c, null, sql), id, cancellationToken);
    }

    public async Task CompleteAsync(long id, OutboxStatus status, string? detail, string? error, DateTimeOffset? nextAttemptAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        using var q = Cmd(c, null, """
            UPDATE outbox SET status = $s, detail = COALESCE($d, detail), last_error = $e, next_attempt_at = COALESCE($next, next_attempt_at),
                claimed_until = NULL, updated_at = $now,
                attempts = CASE WHEN $s = $waiting THEN MAX(attempts - 1, 0) ELSE attempts END
            WHERE id = $id
            """, ("$s", status.ToText()), ("$d", detail), ("$e", error), ("$next", nextAttemptAt is { } n ? Ms(n) : null), ("$now", Ms(now)), ("$id", id),
            ("$waiting", OutboxStatus.Waiting.ToText()));
        await q.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task<IReadOnlyList<OutboxEntry>> ListAsync(OutboxStatus status, int limit, CancellationToken cancellationToken) =>
        ListAsync(new OutboxQuery(status), limit, cancellationToken);

    public async Task<IReadOnlyList<OutboxEntry>> ListAsync(OutboxQuery query, int limit, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        using var q = Cmd(c, null, $"""
            SELECT {OutboxColumns} FROM outbox
            WHERE ($s IS NULL OR status = $s) AND ($def IS NULL OR definition_key = $def)
            ORDER BY updated_at DESC, id DESC LIMIT $l
            """, ("$s", query.Status?.ToText()), ("$def", query.DefinitionKey), ("$l", limit));
        return await OutboxRows.EntriesAsync(q, cancellationToken);
    }

    public async Task<bool> RetryAsync(long id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        return await OutboxRows.RetryAsync(sql => Cmd(c, null, sql), id, now, cancellationToken);
    }

    public Task<Dictionary<string, int>> CountByStatusAsync(CancellationToken cancellationToken) => CountByStatusAsync(null, cancellationToken);

    public async Task<Dictionary<string, int>> CountByStatusAsync(string? definitionKey, CancellationToken cancellationToken)
    {
        // The column holds the status text already: the keys go out as they are read.
        await using var c = await OpenAsync(cancellationToken);
        using var q = Cmd(c, null, "SELECT status, COUNT(*) FROM outbox WHERE $def IS NULL OR definition_key = $def GROUP BY status", ("$def", definitionKey));
        return await OutboxRows.CountsAsync(q, cancellationToken);
    }

    public async Task<int> CountInStatusesAsync(IReadOnlyCollection<OutboxStatus> statuses, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        var names = statuses.Select((_, i) => $"$s{i}").ToList();
        using var q = Cmd(c, null, $"SELECT COUNT(*) FROM outbox WHERE status IN ({string.Join(", ", names)})",
            [.. statuses.Select((s, i) => (names[i], (object?)s.ToText()))]);
        return Convert.ToInt32(await q.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }
}
