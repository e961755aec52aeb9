namespace Trig.Crm.Store.Cluster;

/// <summary>
/// A claimed shard: the organisations (<see cref="People"/> false) or the people without an organisation (true) whose
/// ids lie in [<paramref name="FirstId"/>, <paramref name="LastId"/>] in ordinal order, held by <paramref name="Owner"/>.
/// </summary>
public sealed record ShardClaim(long CycleId, int Shard, bool People, string FirstId, string LastId, string Owner, ClusterCycle Cycle);
