using Trig.Crm.Store.Sqlite;

namespace Trig.Crm.Store.Postgres;

/// <summary>Outbox administration: audited retries of dead letters, and the waiting rows held for a setting.</summary>
public sealed partial class PostgresStore
{
    public async Task<bool> RetryAsync(long id, string actor, DateTimeOffset now, CancellationToken cancellationToken) =>
        (await RetryDeadAsync("id = @f", id, actor, now, cancellationToken)).Count > 0;

    public Task<IReadOnlyList<long>> RetryAllDeadAsync(string? definitionKey, string actor, DateTimeOffset now, CancellationToken cancellationToken) =>
        RetryDeadAsync("(@f::text IS NULL OR definition_key = @f::text)", definitionKey, actor, now, cancellationToken);

    private async Task<IReadOnlyList<long>> RetryDeadAsync(string where, object? filter, string actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        await using var tx = await c.BeginTransactionAsync(cancellationToken);
        var ids = new List<long>();
        using (var q = Cmd(c, tx, $"""
                   UPDATE outbox SET status = @pending, attempts = 0, next_attempt_at = @now, last_error = NULL, updated_at = @now
                   WHERE status = @dead AND {where}
                   RETURNING id
                   """, ("now", Ms(now)), ("pending", OutboxStatus.Pending.ToText()), ("dead", OutboxStatus.Dead.ToText()), ("f", filter)))
        await using (var r = await q.ExecuteReaderAsync(cancellationToken))
        {
            while (await r.ReadAsync(cancellationToken))
            {
                ids.Add(r.GetInt64(0));
            }
        }

        ids.Sort();
        await AuditAsync(c, tx, now, actor, SqliteStore.RetryAuditAction, [.. ids.Select(id => $"outbox:{id}")], cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return ids;
    }

    public async Task<IReadOnlyList<(string Kind, string Reason, int Count)>> WaitingAsync(CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        using var q = Cmd(c, null, "SELECT action_kind, COALESCE(last_error, ''), COUNT(*)::int FROM outbox WHERE status = @w GROUP BY action_kind, last_error ORDER BY action_kind",
            ("w", OutboxStatus.Waiting.ToText()));
        await using var r = await q.ExecuteReaderAsync(cancellationToken);
        var list = new List<(string, string, int)>();
        while (await r.ReadAsync(cancellationToken))
        {
            list.Add((r.GetString(0), r.GetString(1), r.GetInt32(2)));
        }

        return list;
    }

    public async Task<int> ReleaseWaitingAsync(string kind, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        using var q = Cmd(c, null, """
            UPDATE outbox SET status = @pending, next_attempt_at = @now, last_error = NULL, updated_at = @now
            WHERE status = @w AND action_kind = @k AND COALESCE(last_error, '') = @reason
            """, ("pending", OutboxStatus.Pending.ToText()), ("w", OutboxStatus.Waiting.ToText()), ("k", kind), ("reason", reason), ("now", Ms(now)));
        return await q.ExecuteNonQueryAsync(cancellationToken);
    }
}
