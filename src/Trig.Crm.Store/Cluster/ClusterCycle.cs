namespace Trig.Crm.Store.Cluster;

/// <summary>An open sharded cycle: evaluated as of <paramref name="AsOf"/> with definitions <paramref name="DefinitionsVersion"/>.</summary>
public sealed record ClusterCycle(long Id, DateTimeOffset AsOf, string DefinitionsVersion, string OpenedBy, int Shards);
