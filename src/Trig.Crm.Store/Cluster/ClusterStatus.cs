namespace Trig.Crm.Store.Cluster;

/// <summary>
/// What <c>trig cluster status</c> shows: the scheduler's nodes, the open cycle and the last closed ones.
/// <paramref name="SchedulerInMemory"/>: the store has no shared Quartz job store (SQLite), so there is one process and
/// <paramref name="Nodes"/> is empty.
/// </summary>
public sealed record ClusterStatus(bool SchedulerInMemory, IReadOnlyList<SchedulerNode> Nodes, OpenCycleStatus? Open, IReadOnlyList<ClosedCycleStatus> Recent);

/// <summary>
/// A Quartz instance of the clustered scheduler. <paramref name="Overdue"/>: its last check-in is older than its interval
/// plus the misfire threshold, the point at which the other nodes declare it dead and take over its firings.
/// </summary>
public sealed record SchedulerNode(string Instance, DateTimeOffset LastCheckin, TimeSpan CheckinInterval, bool Overdue);

/// <summary>
/// The open cycle and its shards: <paramref name="Done"/> committed, <paramref name="Claimed"/> held under a lease that
/// has not run out, <paramref name="Unclaimed"/> the rest (never claimed, or their lease lapsed: any node may take them).
/// </summary>
public sealed record OpenCycleStatus(
    long Id, DateTimeOffset AsOf, string DefinitionsVersion, string OpenedBy, DateTimeOffset OpenedAt, bool OnlyDue,
    int Shards, int Done, int Claimed, int Unclaimed, IReadOnlyList<ShardOwnerStatus> Owners);

/// <summary>One node's share of the open cycle: shards it committed (and their entities) and shards it holds now.</summary>
public sealed record ShardOwnerStatus(string Owner, int Done, int Claimed, long Entities);

/// <summary>A closed cycle, with the entities evaluated and the actions queued summed over its shards.</summary>
public sealed record ClosedCycleStatus(
    long Id, DateTimeOffset AsOf, string OpenedBy, DateTimeOffset OpenedAt, DateTimeOffset ClosedAt, bool OnlyDue, int Shards, long Entities, long Actions);

/// <summary>
/// What <see cref="IClusterStatusStore.ReadClusterStatusAsync"/> reads: the scheduler's name in <c>qrtz_scheduler_state</c>,
/// the time leases and check-ins are judged at, the check-in misfire threshold, and how many closed cycles to list.
/// </summary>
public sealed record ClusterStatusQuery(string SchedulerName, DateTimeOffset Now, TimeSpan CheckinMisfireThreshold, int Recent);
