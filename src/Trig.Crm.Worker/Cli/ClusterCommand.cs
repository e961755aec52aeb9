using System.CommandLine;
using Microsoft.Extensions.Options;
using Trig.Crm.Engine.Cluster;
using Trig.Crm.Store;
using Trig.Crm.Store.Cluster;
using Trig.Crm.Worker.Hosting;

namespace Trig.Crm.Worker.Cli;

/// <summary>
/// <c>trig cluster status [--json]</c>: the scheduler's nodes (PostgreSQL), the open cycle with its shards and owners,
/// and the last closed cycles. Reads only; the store is opened (and migrated) as every other command opens it.
/// </summary>
internal static class ClusterCommand
{
    /// <summary>How many closed cycles the status lists.</summary>
    public const int RecentCycles = 5;

    public static Command Create(string[] configArgs, Option<bool> json)
    {
        var cluster = new Command("cluster", "the nodes and cycles of a cluster of trig run processes");
        var status = new Command("status", "nodes and their check-ins (PostgreSQL), the open cycle's shards per owner, the last closed cycles. Changes nothing");
        status.Options.Add(json);
        status.SetAction(async (pr, ct) => await TrigCommandLine.Guard(configArgs, sp => StatusAsync(sp, pr.GetValue(json), ct)));
        cluster.Subcommands.Add(status);
        return cluster;
    }

    /// <summary>
    /// The status as of now, nodes judged against the configured check-in misfire threshold: what this command and
    /// <c>GET /api/admin/cluster</c> show.
    /// </summary>
    internal static async Task<(ClusterStatus Status, DateTimeOffset Now, TimeSpan Threshold)> ReadAsync(
        ITrigStore store, TimeProvider time, ClusterOptions options, CancellationToken ct)
    {
        var threshold = TimeSpan.FromSeconds(options.CheckinMisfireThresholdSeconds);
        var now = time.GetUtcNow();
        var status = await store.ReadClusterStatusAsync(new ClusterStatusQuery(ClusteredScheduler.Name, now, threshold, RecentCycles), ct);
        return (status, now, threshold);
    }

    private static async Task<int> StatusAsync(IServiceProvider sp, bool json, CancellationToken ct)
    {
        var (status, now, threshold) = await ReadAsync(
            sp.GetRequiredService<ITrigStore>(), sp.GetRequiredService<TimeProvider>(), sp.GetService<IOptions<ClusterOptions>>()?.Value ?? new ClusterOptions(), ct);
        if (json)
        {
            CliOutput.WriteJson(ClusterStatusText.Json(status, now, threshold));
        }
        else
        {
            foreach (var line in ClusterStatusText.Lines(status, threshold))
            {
                Console.Out.WriteLine(line);
            }
        }

        return 0;
    }
}
