using System.ComponentModel.DataAnnotations;

namespace Trig.Crm.Engine.Cluster;

/// <summary>
/// How <c>trig run</c> processes sharing one store work together (<c>Trig:Cluster</c>): the sharded full cycle (both
/// stores) and, on PostgreSQL, Quartz's clustered job store.
/// </summary>
public sealed class ClusterOptions
{
    public const string Section = "Trig:Cluster";

    /// <summary>
    /// Organisations per shard of a full cycle. A node holds one shard's organisations, people and events in memory
    /// at a time, so this bounds a cycle's memory. Default 2000.
    /// </summary>
    [Range(1, 1_000_000)]
    public int ShardSize { get; set; } = 2000;

    /// <summary>
    /// Seconds a node holds a claimed shard. A shard whose node died is claimed again after this; a live node that
    /// overruns it loses the shard, and its commit is refused (the shard is committed once). Default 300.
    /// </summary>
    [Range(5, 86_400)]
    public int ShardLeaseSeconds { get; set; } = 300;

    /// <summary>
    /// Seconds the store-wide cycle lease lasts unless renewed (a running cycle renews it every third). A node killed
    /// during a cycle holds the next cycle (and the closing of its own by another node) back for at most this. Default 120.
    /// </summary>
    [Range(3, 3600)]
    public int CycleLeaseSeconds { get; set; } = 120;

    /// <summary>
    /// Whether a full cycle over data that did not change evaluates only the units that are due: those with new data
    /// and those whose settled time (the earliest instant a relative date, event window, time limit, duration,
    /// follow-up or signal threshold can change their answer) has come. The rest would give the same answer. Any
    /// change of definitions, pauses or benchmarks makes the next cycle evaluate every unit. Default true; false
    /// evaluates every unit in every cycle.
    /// </summary>
    public bool SkipSettled { get; set; } = true;

    /// <summary>Milliseconds between a node's looks for open shards of a cycle another node opened. Default 2000.</summary>
    [Range(100, 600_000)]
    public int PollMilliseconds { get; set; } = 2000;

    /// <summary>
    /// PostgreSQL only: seconds between a node's Quartz check-ins. Default 20. A node is declared dead, and its
    /// firings recovered, <see cref="CheckinIntervalSeconds"/> + <see cref="CheckinMisfireThresholdSeconds"/> after
    /// its last check-in.
    /// </summary>
    [Range(1, 3600)]
    public int CheckinIntervalSeconds { get; set; } = 20;

    /// <summary>
    /// PostgreSQL only: seconds past a missed check-in before the other nodes treat a node as dead. Default 60: above
    /// the pauses of a loaded 2-core box (a full garbage collection during a shard, a slow database), so a live node
    /// is not written off while it works.
    /// </summary>
    [Range(1, 3600)]
    public int CheckinMisfireThresholdSeconds { get; set; } = 60;

    /// <summary>
    /// PostgreSQL only: seconds a firing may be late (every Quartz thread busy, a node restarting) and still run
    /// rather than count as misfired. Default 60.
    /// </summary>
    [Range(1, 86_400)]
    public int MisfireThresholdSeconds { get; set; } = 60;
}
