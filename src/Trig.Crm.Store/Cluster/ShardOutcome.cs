namespace Trig.Crm.Store.Cluster;

/// <summary>What one shard's evaluation did; <paramref name="Transitions"/> is the engine's own text (the store keeps it as is).</summary>
public sealed record ShardOutcome(int Entities, int ActionsQueued, string Transitions);
