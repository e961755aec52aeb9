namespace Trig.Crm.Store.Authoring;

/// <summary>A row of the audit log: who changed what, and when (<see cref="Id"/> is 0 for a row not yet written).</summary>
public sealed record AuditRecord(long Id, DateTimeOffset At, string Actor, string Action, string Subject);
