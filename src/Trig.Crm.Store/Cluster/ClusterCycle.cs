namespace Trig.Crm.Store.Cluster;

/// <summary>
/// An open sharded cycle: evaluated as of <paramref name="AsOf"/> with definitions <paramref name="DefinitionsVersion"/>.
/// <paramref name="OnlyDue"/>: its shards load only the units that are due (new data, a settled time reached, or never
/// settled); otherwise every unit (the first cycle, or definitions, pauses or benchmarks changed since the last one).
/// </summary>
public sealed record ClusterCycle(long Id, DateTimeOffset AsOf, string DefinitionsVersion, string OpenedBy, int Shards, bool OnlyDue = false)
{
    /// <summary>An only-due cycle with few due units: its shards read their units through indexes, not their id range (a store may ignore it).</summary>
    public bool DueByIndex { get; init; }
}
