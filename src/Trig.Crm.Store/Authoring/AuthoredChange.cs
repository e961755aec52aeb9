namespace Trig.Crm.Store.Authoring;

/// <summary>A change of the authored set: who made it, when, what kind (apply, rollback, retire…) and the entries it edits.</summary>
public sealed record AuthoredChange(string Actor, DateTimeOffset At, string Action, string Summary, IReadOnlyList<AuthoredEdit> Edits);
