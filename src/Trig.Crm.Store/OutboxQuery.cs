namespace Trig.Crm.Store;

/// <summary>
/// Filters for outbox listings (<c>trig actions --status --definition</c>): null means any. A null status lists
/// every status.
/// </summary>
public sealed record OutboxQuery(OutboxStatus? Status = null, string? DefinitionKey = null);
