namespace Trig.Crm.Store.Cluster;

/// <summary>The cluster at a glance, for operators (<c>trig cluster status</c>). Reads only.</summary>
public interface IClusterStatusStore
{
    /// <summary>The scheduler's nodes (PostgreSQL), the open cycle if any and the last closed cycles, newest first.</summary>
    Task<ClusterStatus> ReadClusterStatusAsync(ClusterStatusQuery query, CancellationToken cancellationToken);
}
