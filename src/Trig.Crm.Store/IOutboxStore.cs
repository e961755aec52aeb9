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

    /// <summary>
    /// Records an attempt's outcome: sent/skipped/dead (final), retry or pending at a time, or waiting (held, never
    /// claimed, until its channel is configured).
    /// </summary>
    Task CompleteAsync(long id, OutboxStatus status, string? detail, string? error, DateTimeOffset? nextAttemptAt, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The rows in one status (dead-lettered, waiting…), newest first.</summary>
    Task<IReadOnlyList<OutboxEntry>> ListAsync(OutboxStatus status, int limit, CancellationToken cancellationToken);

    /// <summary>Puts a dead row back to pending (attempts reset). Returns false when no such dead row.</summary>
    Task<bool> RetryAsync(long id, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The rows matching <paramref name="query"/>, newest first (updated_at, then id).</summary>
    Task<IReadOnlyList<OutboxEntry>> ListAsync(OutboxQuery query, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Puts a dead row back to pending (attempts reset) and records <paramref name="actor"/> in the audit log
    /// (action <c>retry</c>, subject <c>outbox:{id}</c>), in one transaction. Returns false when no such dead row.
    /// </summary>
    Task<bool> RetryAsync(long id, string actor, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Puts every dead row of <paramref name="definitionKey"/> (null: all) back to pending, auditing each as
    /// <see cref="RetryAsync(long, string, DateTimeOffset, CancellationToken)"/> does. Returns the ids re-queued.
    /// </summary>
    Task<IReadOnlyList<long>> RetryAllDeadAsync(string? definitionKey, string actor, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Moves every due row of <paramref name="kind"/> (pending or retry, next attempt at or before
    /// <paramref name="now"/>) to waiting with <paramref name="reason"/>, attempts unchanged, in one statement: the
    /// rows of a channel that is not configured, held without being claimed. Rows another dispatcher holds (in flight,
    /// or locked by its claim) are left alone. Returns how many.
    /// </summary>
    Task<int> ParkDueAsync(string kind, string reason, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Moves every due webhook row whose secret is not configured to waiting, in one statement: the secret name is the
    /// action's own (trimmed) or <paramref name="defaultSecret"/>; it is configured when its lower case is in
    /// <paramref name="configuredSecrets"/> (lower case, as configuration keys ignore case). The reason is
    /// <paramref name="reasonPrefix"/> + name + <paramref name="reasonSuffix"/>. Attempts unchanged; rows another
    /// dispatcher holds are left alone. Returns how many, per reason.
    /// </summary>
    Task<IReadOnlyDictionary<string, int>> ParkDueWebhooksAsync(
        string defaultSecret, IReadOnlyCollection<string> configuredSecrets, string reasonPrefix, string reasonSuffix, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Makes the waiting rows whose reason is exactly <paramref name="reason"/> pending again, due now, reason cleared.
    /// Returns how many, per action kind (kinds with none are absent).
    /// </summary>
    Task<IReadOnlyDictionary<string, int>> ReleaseWaitingAsync(string reason, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Counts the rows in any of <paramref name="statuses"/> (through the due index: no scan of the others).</summary>
    Task<int> CountInStatusesAsync(IReadOnlyCollection<OutboxStatus> statuses, CancellationToken cancellationToken);

    /// <summary>Counts the rows of <paramref name="definitionKey"/> (null: all) by status text.</summary>
    Task<Dictionary<string, int>> CountByStatusAsync(string? definitionKey, CancellationToken cancellationToken);

    /// <summary>
    /// Counts rows by status, keyed by the status text (<see cref="OutboxStatusText"/>): the counts are printed as
    /// JSON and the CLI as those strings.
    /// </summary>
    Task<Dictionary<string, int>> CountByStatusAsync(CancellationToken cancellationToken);
}
