namespace Trig.Crm.Store;

/// <summary>What a commit wrote.</summary>
public sealed record CommitSummary(int Transitions, int Memberships, int ActionsQueued, int AttributeChanges);
