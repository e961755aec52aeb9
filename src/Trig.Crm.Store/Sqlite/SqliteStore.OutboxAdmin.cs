using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Trig.Crm.Store.Sqlite;

/// <summary>Outbox administration: audited retries of dead letters, and the waiting rows held for a setting.</summary>
public sealed partial class SqliteStore
{
    /// <summary>The audit log's action name for a re-queued dead letter; the subject is <c>outbox:{id}</c>.</summary>
    internal const string RetryAuditAction = "retry";

    public async Task<bool> RetryAsync(long id, string actor, DateTimeOffset now, CancellationToken cancellationToken) =>
        (await RetryDeadAsync("id = $id", ("$id", id), actor, now, cancellationToken)).Count > 0;

    public Task<IReadOnlyList<long>> RetryAllDeadAsync(string? definitionKey, string actor, DateTimeOffset now, CancellationToken cancellationToken) =>
        RetryDeadAsync("($def IS NULL OR definition_key = $def)", ("$def", definitionKey), actor, now, cancellationToken);

    private async Task<IReadOnlyList<long>> RetryDeadAsync(string where, (string, object?) filter, string actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(cancellationToken);
        var ids = new List<long>();
        using (var q = Cmd(c, tx, $"""
                   UPDATE outbox SET status = $pending, attempts = 0, next_attempt_at = $now, last_error = NULL, updated_at = $now
                   WHERE status = $dead AND {where}
                   RETURNING id
                   """, ("$now", Ms(now)), ("$pending", OutboxStatus.Pending.ToText()), ("$dead", OutboxStatus.Dead.ToText()), filter))
        await using (var r = await q.ExecuteReaderAsync(cancellationToken))
        {
            while (await r.ReadAsync(cancellationToken))
            {
                ids.Add(r.GetInt64(0));
            }
        }

        using (var a = Cmd(c, tx, "INSERT INTO audit (at, actor, action, subject) VALUES ($at, $actor, $action, $s)",
                   ("$at", Ms(now)), ("$actor", actor), ("$action", RetryAuditAction), ("$s", "")))
        {
            foreach (var id in ids)
            {
                a.Parameters["$s"].Value = $"outbox:{id}";
                await a.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await tx.CommitAsync(cancellationToken);
        ids.Sort();
        return ids;
    }

    /// <summary>The most rows one park statement sets to waiting (see <see cref="OutboxParkBatches"/>; tests set fewer).</summary>
    internal int ParkBatch { get; set; } = OutboxParkBatches.DefaultSize;

    /// <summary>
    /// UPDATEs through ix_outbox_due (status, next_attempt_at), <see cref="ParkBatch"/> rows each, every one its own
    /// transaction: after a large import the store's one write lock is free between batches for ingest and the fast
    /// path (a single statement over 1.5 million rows held it for half a minute). SQLite has one writer at a time, so
    /// no other dispatcher holds a due row while a batch runs; in-flight rows are not due rows and stay as they are.
    /// </summary>
    public async Task<int> ParkDueAsync(string kind, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        using var q = Cmd(c, null, """
            UPDATE outbox SET status = $w, last_error = $reason, claimed_until = NULL, updated_at = $now
            WHERE id IN (SELECT id FROM outbox WHERE status IN ($pending, $retry) AND next_attempt_at <= $now AND action_kind = $k LIMIT $n)
            """, ("$w", OutboxStatus.Waiting.ToText()), ("$reason", reason), ("$now", Ms(now)), ("$k", kind),
            ("$pending", OutboxStatus.Pending.ToText()), ("$retry", OutboxStatus.Retry.ToText()), ("$n", ParkBatch));
        return await OutboxParkBatches.RunAsync(q, ParkBatch, cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, int>> ParkDueWebhooksAsync(
        string defaultSecret, IReadOnlyCollection<string> configuredSecrets, string reasonPrefix, string reasonSuffix, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // In batches, as ParkDueAsync; the secret is worked out before the LIMIT so a batch holds only rows to park.
        await using var c = await OpenAsync(cancellationToken);
        using var q = Cmd(c, null, """
            UPDATE outbox SET status = $w, last_error = $prefix || lower(due.name) || $suffix, claimed_until = NULL, updated_at = $now
            FROM (SELECT due_id, name FROM (
                      SELECT id AS due_id, COALESCE(NULLIF(TRIM(json_extract(payload, '$.secret')), ''), $default) AS name
                      FROM outbox WHERE status IN ($pending, $retry) AND next_attempt_at <= $now AND action_kind = 'webhook')
                  WHERE lower(name) NOT IN (SELECT value FROM json_each($configured)) LIMIT $n) AS due
            WHERE outbox.id = due.due_id
            RETURNING last_error
            """, ("$w", OutboxStatus.Waiting.ToText()), ("$prefix", reasonPrefix), ("$suffix", reasonSuffix), ("$now", Ms(now)),
            ("$default", defaultSecret), ("$configured", JsonSerializer.Serialize(configuredSecrets)),
            ("$pending", OutboxStatus.Pending.ToText()), ("$retry", OutboxStatus.Retry.ToText()), ("$n", ParkBatch));
        return await OutboxParkBatches.RunByReasonAsync(q, ParkBatch, cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, int>> ReleaseWaitingAsync(string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        // The status is a literal, not a parameter: the partial index ix_outbox_waiting (last_error) WHERE status =
        // 'waiting' is usable only when the query visibly implies that condition. INDEXED BY: with ANALYZE statistics
        // where every waiting row has one reason, the planner prefers ix_outbox_due (status = 'waiting'), which reads
        // every waiting row even when none waits on this reason.
        using var q = Cmd(c, null, $"""
            UPDATE outbox INDEXED BY ix_outbox_waiting SET status = $pending, next_attempt_at = $now, last_error = NULL, updated_at = $now
            WHERE status = '{OutboxStatus.Waiting.ToText()}' AND last_error = $reason
            RETURNING action_kind
            """, ("$pending", OutboxStatus.Pending.ToText()), ("$reason", reason), ("$now", Ms(now)));
        await using var r = await q.ExecuteReaderAsync(cancellationToken);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        while (await r.ReadAsync(cancellationToken))
        {
            var kind = r.GetString(0);
            counts[kind] = counts.GetValueOrDefault(kind) + 1;
        }

        return counts;
    }
}
