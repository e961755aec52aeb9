using Trig.Crm.Lifecycle.Actions;

namespace Trig.Crm.Store;

/// <summary>An outbox row with its delivery state, for listings (<c>trig actions --failed</c>, the admin API).</summary>
/// <param name="Status"><c>pending</c>, <c>in_flight</c>, <c>retry</c>, <c>sent</c>, <c>skipped</c>, <c>dead</c> or <c>done</c> (internal actions).</param>
public sealed record OutboxEntry(OutboxItem Item, string Status, string? LastError, string? Detail, DateTimeOffset UpdatedAt);
