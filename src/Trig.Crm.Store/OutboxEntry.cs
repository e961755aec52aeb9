using Trig.Crm.Lifecycle.Actions;

namespace Trig.Crm.Store;

/// <summary>An outbox row with its delivery state, for listings (<c>trig actions --failed</c>, the admin API).</summary>
public sealed record OutboxEntry(OutboxItem Item, OutboxStatus Status, string? LastError, string? Detail, DateTimeOffset UpdatedAt);
