using Trig.Crm.Lifecycle.Actions;

namespace Trig.Crm.Store.Postgres;

public sealed partial class PostgresStore
{
    private const string OutboxColumns = "id, idempotency_key, action_kind, payload, definition_key, definition_name, definition_kind, transition, transition_id, entity_kind, entity_id, occurred_at, attempts, status, claimed_until, last_error, detail, updated_at";

    public async Task<IReadOnlyList<OutboxItem>> ClaimDueAsync(int max, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        // SKIP LOCKED: dispatchers on other nodes claiming at the same moment take other rows instead of waiting for
        // these (or taking them twice); the lease then keeps them off until it expires.
        using var q = Cmd(c, null, $"""
            WITH due AS (
                SELECT id FROM outbox
                WHERE (status IN (@pending, @retry) AND next_attempt_at <= @now) OR (status = @inFlight AND claimed_until < @now)
                ORDER BY next_attempt_at, id LIMIT @max
                FOR UPDATE SKIP LOCKED)
            UPDATE outbox o SET status = @inFlight, claimed_until = @until, attempts = o.attempts + 1, updated_at = @now
            FROM due WHERE o.id = due.id
            RETURNING {string.Join(", ", OutboxColumns.Split(", ").Select(col => "o." + col))}, o.next_attempt_at
            """, ("until", Ms(now + lease)), ("now", Ms(now)), ("max", max),
            ("pending", OutboxStatus.Pending.ToText()), ("retry", OutboxStatus.Retry.ToText()), ("inFlight", OutboxStatus.InFlight.ToText()));
        var items = new List<(long Due, OutboxItem Item)>();
        await using (var r = await q.ExecuteReaderAsync(cancellationToken))
        {
            while (await r.ReadAsync(cancellationToken))
            {
                items.Add((r.GetInt64(18), OutboxRows.ReadItem(r, outcomeUnknown: false)));
            }
        }

        return [.. items.OrderBy(i => i.Due).ThenBy(i => i.Item.Id).Select(i => i.Item)];
    }

    public async Task MarkSendingAsync(long id, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        await OutboxRows.MarkSendingAsync(sql => Cmd(c, null, sql), id, cancellationToken);
    }

    public async Task CompleteAsync(long id, OutboxStatus status, string? detail, string? error, DateTimeOffset? nextAttemptAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        using var q = Cmd(c, null, """
            UPDATE outbox SET status = @s, detail = COALESCE(@d::text, detail), last_error = @e::text,
                next_attempt_at = COALESCE(@next::bigint, next_attempt_at), claimed_until = NULL, updated_at = @now,
                attempts = CASE WHEN @s = @waiting THEN GREATEST(attempts - 1, 0) ELSE attempts END
            WHERE id = @id
            """, ("s", status.ToText()), ("d", detail), ("e", error), ("next", Ms(nextAttemptAt)), ("now", Ms(now)), ("id", id),
            ("waiting", OutboxStatus.Waiting.ToText()));
        await q.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task<IReadOnlyList<OutboxEntry>> ListAsync(OutboxStatus status, int limit, CancellationToken cancellationToken) =>
        ListAsync(new OutboxQuery(status), limit, cancellationToken);

    public async Task<IReadOnlyList<OutboxEntry>> ListAsync(OutboxQuery query, int limit, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        using var q = Cmd(c, null, $"""
            SELECT {OutboxColumns} FROM outbox
            WHERE (@s::text IS NULL OR status = @s::text) AND (@def::text IS NULL OR definition_key = @def::text)
            ORDER BY updated_at DESC, id DESC LIMIT @l
            """, ("s", query.Status?.ToText()), ("def", query.DefinitionKey), ("l", limit));
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
        await using var c = await OpenAsync(cancellationToken);
        using var q = Cmd(c, null, "SELECT status, COUNT(*)::int FROM outbox WHERE @def::text IS NULL OR definition_key = @def::text GROUP BY status", ("def", definitionKey));
        return await OutboxRows.CountsAsync(q, cancellationToken);
    }

    public async Task<int> CountInStatusesAsync(IReadOnlyCollection<OutboxStatus> statuses, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        using var q = Cmd(c, null, "SELECT COUNT(*)::int FROM outbox WHERE status = ANY(@s)", ("s", statuses.Select(s => s.ToText()).ToArray()));
        return (int)(await q.ExecuteScalarAsync(cancellationToken))!;
    }
}
