using System.Data;
using Trig.Crm.Store.Cluster;

namespace Trig.Crm.Store.Postgres;

/// <summary>The cluster at a glance (<see cref="IClusterStatusStore"/>): Quartz's nodes, the open cycle, the last closed ones.</summary>
public sealed partial class PostgresStore
{
    public async Task<ClusterStatus> ReadClusterStatusAsync(ClusterStatusQuery query, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        // One snapshot, so a shard committed between the reads never counts twice or not at all. Nothing is written.
        await using var tx = await c.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        var nodes = await ClusterStatusRows.NodesAsync(sql => Cmd(c, tx, sql), query.SchedulerName, query.Now, query.CheckinMisfireThreshold, cancellationToken);
        var open = await ClusterStatusRows.OpenAsync(sql => Cmd(c, tx, sql), query.Now, cancellationToken);
        var recent = await ClusterStatusRows.RecentAsync(sql => Cmd(c, tx, sql), query.Recent, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return new ClusterStatus(SchedulerInMemory: false, nodes, open, recent);
    }
}
