using System.Globalization;

namespace Trig.Crm.Engine.Cluster;

/// <summary>This process as a node of the cluster: the owner its shard claims carry (machine, process, and a random part).</summary>
internal sealed class ClusterNode
{
    public string Id { get; } = string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName} process {Environment.ProcessId} ({Guid.NewGuid().ToString("N")[..8]})");
}
