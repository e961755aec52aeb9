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

    /// <summary>The most rows one park statement sets to waiting (see <see cref="OutboxParkBatches"/>; tests set fewer).</summary>
    internal int ParkBatch { get; set; } = OutboxParkBatches.DefaultSize;

    /// <summary>
    /// UPDATEs of the due rows of a kind, <see cref="ParkBatch"/> rows each in its own transaction (so no statement
    /// holds a million row locks after a large import), locked with SKIP LOCKED: a row another node is claiming or
    /// parking at the same moment is left to it (never waited on, so two parkers cannot deadlock), and in-flight rows
    /// are not due rows.
    /// </summary>
    public async Task<int> ParkDueAsync(string kind, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        using var q = Cmd(c, null, """
            WITH due AS (
                SELECT id FROM outbox
                WHERE status IN (@pending, @retry) AND next_attempt_at <= @now AND action_kind = @k
                LIMIT @n FOR UPDATE SKIP LOCKED)
            UPDATE outbox o SET status = @w, last_error = @reason, claimed_until = NULL, updated_at = @now
            FROM due WHERE o.id = due.id
            """, ("w", OutboxStatus.Waiting.ToText()), ("reason", reason), ("now", Ms(now)), ("k", kind),
            ("pending", OutboxStatus.Pending.ToText()), ("retry", OutboxStatus.Retry.ToText()), ("n", ParkBatch));
        return await OutboxParkBatches.RunAsync(q, ParkBatch, cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, int>> ParkDueWebhooksAsync(
        string defaultSecret, IReadOnlyCollection<string> configuredSecrets, string reasonPrefix, string reasonSuffix, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // In batches, as ParkDueAsync; the secret is worked out before the LIMIT so a batch holds only rows to park.
        await using var c = await OpenAsync(cancellationToken);
        using var q = Cmd(c, null, """
            WITH due AS (
                SELECT id, COALESCE(NULLIF(btrim(payload::jsonb ->> 'secret'), ''), @default) AS name FROM outbox
                WHERE status IN (@pending, @retry) AND next_attempt_at <= @now AND action_kind = 'webhook'
                  AND NOT (lower(COALESCE(NULLIF(btrim(payload::jsonb ->> 'secret'), ''), @default)) = ANY(@configured))
                LIMIT @n FOR UPDATE SKIP LOCKED),
            parked AS (
                UPDATE outbox o SET status = @w, last_error = @prefix || lower(due.name) || @suffix, claimed_until = NULL, updated_at = @now
                FROM due WHERE o.id = due.id
                RETURNING o.last_error)
            SELECT last_error, count(*)::int FROM parked GROUP BY last_error
            """, ("w", OutboxStatus.Waiting.ToText()), ("prefix", reasonPrefix), ("suffix", reasonSuffix), ("now", Ms(now)),
            ("default", defaultSecret), ("configured", configuredSecrets.ToArray()),
            ("pending", OutboxStatus.Pending.ToText()), ("retry", OutboxStatus.Retry.ToText()), ("n", ParkBatch));
        return await OutboxParkBatches.RunByReasonAsync(q, ParkBatch, cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, int>> ReleaseWaitingAsync(string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        // The status is a literal so the partial index ix_outbox_waiting (last_error) WHERE status = 'waiting' serves
        // any plan, generic ones included. SKIP LOCKED: two nodes releasing at once split the rows, neither waits.
        using var q = Cmd(c, null, $"""
            WITH held AS (
                SELECT id FROM outbox WHERE status = '{OutboxStatus.Waiting.ToText()}' AND last_error = @reason
                FOR UPDATE SKIP LOCKED),
            released AS (
                UPDATE outbox o SET status = @pending, next_attempt_at = @now, last_error = NULL, updated_at = @now
                FROM held WHERE o.id = held.id
                RETURNING o.action_kind)
            SELECT action_kind, COUNT(*)::int FROM released GROUP BY action_kind
            """, ("pending", OutboxStatus.Pending.ToText()), ("reason", reason), ("now", Ms(now)));
        await using var r = await q.ExecuteReaderAsync(cancellationToken);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        while (await r.ReadAsync(cancellationToken))
        {
            counts[r.GetString(0)] = r.GetInt32(1);
        }

        return counts;
    }
}
