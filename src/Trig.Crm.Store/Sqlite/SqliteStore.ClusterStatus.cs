using Trig.Crm.Store.Cluster;

namespace Trig.Crm.Store.Sqlite;

/// <summary>
/// The cluster at a glance (<see cref="IClusterStatusStore"/>): the open cycle and the last closed ones. There are no
/// nodes to list: on SQLite Quartz runs in memory in the one <c>trig run</c> process.
/// </summary>
public sealed partial class SqliteStore
{
    public async Task<ClusterStatus> ReadClusterStatusAsync(ClusterStatusQuery query, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        // A read transaction: both reads see the same state of the file (a deferred transaction takes no write lock).
        await using var tx = c.BeginTransaction(deferred: true);
        var open = await ClusterStatusRows.OpenAsync(sql => Cmd(c, tx, sql), query.Now, cancellationToken);
        var recent = await ClusterStatusRows.RecentAsync(sql => Cmd(c, tx, sql), query.Recent, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return new ClusterStatus(SchedulerInMemory: true, [], open, recent);
    }
}
