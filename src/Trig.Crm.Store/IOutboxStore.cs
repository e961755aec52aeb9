using Trig.Crm.Lifecycle.Actions;

namespace Trig.Crm.Store;

/// <summary>The durable action outbox.</summary>
public interface IOutboxStore
{
    /// <summary>
    /// Claims up to <paramref name="max"/> due rows (pending/retry whose time has come, or in-flight rows whose lease
    /// expired: those come back with OutcomeUnknown). Claimed rows are leased until now + <paramref name="lease"/>.
    /// </summary>
    Task<IReadOnlyList<OutboxItem>> ClaimDueAsync(int max, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Marks a claimed row as being sent: if the process dies now, the next claim flags OutcomeUnknown.</summary>
    Task MarkSendingAsync(long id, CancellationToken cancellationToken);

    /// <summary>Records an attempt's outcome: sent/skipped/dead (final) or retry at a time.</summary>
    Task CompleteAsync(long id, string status, string? detail, string? error, DateTimeOffset? nextAttemptAt, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Dead-lettered rows, newest first.</summary>
    Task<IReadOnlyList<OutboxEntry>> ListAsync(string status, int limit, CancellationToken cancellationToken);

    /// <summary>Puts a dead row back to pending (attempts reset). Returns false when no such dead row.</summary>
    Task<bool> RetryAsync(long id, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Counts rows by status.</summary>
    Task<Dictionary<string, int>> CountByStatusAsync(CancellationToken cancellationToken);

    /// <summary>The earliest time a pending/retry row is due, if any.</summary>
    Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken);
}
