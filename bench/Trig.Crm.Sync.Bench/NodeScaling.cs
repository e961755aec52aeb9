using System.Diagnostics;
using Npgsql;
using Trig.Crm.Engine.Cluster;
using Trig.Crm.Worker.Cli;
using Trig.Crm.Worker.Hosting;

/// <summary>
/// The same full cycle split across 1, 2, … N nodes on one PostgreSQL. Each node is its own host with its own
/// composition (<c>TrigHost.BuildCli</c>, so its own node id, connection pool and shard runner) inside this one
/// process: node 1 runs <c>trig sync --once</c> and opens the cycle; nodes 2…N run the shard-helper loop every
/// <c>trig run</c> runs (<see cref="ShardHelper"/>), claiming shards of the open cycle until none is left.
/// For each node count: a first (full) cycle over a store whose evaluation state was emptied, then a steady one, both
/// evaluating every unit (<c>Trig:Cluster:SkipSettled=false</c>).
/// </summary>
internal static class NodeScaling
{
    /// <summary>The tables a cycle writes: emptied so each node count starts with the same first (full) cycle.</summary>
    private const string EvaluationState =
        "TRUNCATE memberships, transitions, outbox, pushed, crm_properties, benchmarks, cluster_cycles, cluster_shards, cycle_runs, definition_freshness, signal_snapshots";

    public static async Task RunAsync(Func<string[], IHost> build, string connection, int organisations, int maxNodes, PhaseTimes phases)
    {
        Console.WriteLine($"\n== the same cycle on 1…{maxNodes} nodes (in-process hosts) on one PostgreSQL; {Environment.ProcessorCount} cores");
        var rows = new List<(int Nodes, double Full, double FullShards, double Steady, double SteadyShards)>();
        for (var nodes = 1; nodes <= maxNodes; nodes++)
        {
            await using (var c = new NpgsqlConnection(connection))
            {
                await c.OpenAsync();
                // Units unsettled and the last basis forgotten too, so each node count's first cycle evaluates every unit.
                await using var cmd = new NpgsqlCommand(
                    EvaluationState + "; UPDATE entities SET settled_until = NULL; DELETE FROM checkpoints WHERE key IN ('cycle:last', 'cycle:settled-basis')", c);
                await cmd.ExecuteNonQueryAsync();
            }

            // Every unit evaluated in both cycles (no settled units skipped), so the work shared out is the whole store's.
            var hosts = Enumerable.Range(0, nodes).Select(_ => build(["--Trig:Cluster:PollMilliseconds=200", "--Trig:Cluster:SkipSettled=false"])).ToList();
            using var stop = new CancellationTokenSource();
            var helpers = hosts.Skip(1).Select(h => HelpAsync(h.Services.GetRequiredService<ShardHelper>(), stop.Token)).ToList();
            try
            {
                var full = await TimeAsync(hosts[0], phases, $"{nodes} node(s), first (full) cycle");
                var steady = await TimeAsync(hosts[0], phases, $"{nodes} node(s), steady-state cycle");
                rows.Add((nodes, full.Wall, full.Wall - full.Dispatch, steady.Wall, steady.Wall - steady.Dispatch));
            }
            finally
            {
                await stop.CancelAsync();
                await Task.WhenAll(helpers);
                hosts.ForEach(h => h.Dispose());
            }
        }

        // Node 1 alone dispatches the outbox after the shards; the shards' part (load, evaluate, commit, push) is what is shared.
        Console.WriteLine($"\n{"nodes",-7}{"full s",8}{"orgs/s",9}{"×",6}{"w/o dispatch s",16}{"orgs/s",9}{"×",6}" +
                          $"{"steady s",10}{"orgs/s",9}{"×",6}{"w/o dispatch s",16}{"orgs/s",9}{"×",6}");
        var one = rows[0];
        foreach (var r in rows)
        {
            Console.WriteLine($"{r.Nodes,-7}{r.Full,8:0.00}{organisations / r.Full,9:N0}{one.Full / r.Full,6:0.00}{r.FullShards,16:0.00}{organisations / r.FullShards,9:N0}{one.FullShards / r.FullShards,6:0.00}" +
                              $"{r.Steady,10:0.00}{organisations / r.Steady,9:N0}{one.Steady / r.Steady,6:0.00}{r.SteadyShards,16:0.00}{organisations / r.SteadyShards,9:N0}{one.SteadyShards / r.SteadyShards,6:0.00}");
        }
    }

    private static async Task<(double Wall, double Dispatch)> TimeAsync(IHost host, PhaseTimes phases, string name)
    {
        Console.WriteLine($"\n-- {name}");
        phases.Clear();
        var watch = Stopwatch.StartNew();
        await SyncCommand.RunAsync(host.Services, json: false, asOf: null, force: false, default);
        var wall = watch.Elapsed.TotalSeconds;
        Console.WriteLine($"-> wall {wall:0.00} s; spans (all nodes): {phases.Summary()}");
        return (wall, phases.Seconds("trig.dispatch"));
    }

    /// <summary>What <c>trig run</c>'s shard-helper service does, with a short poll: look for open shards, work them.</summary>
    private static async Task HelpAsync(ShardHelper helper, CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                await helper.RunOnceAsync(ct);
                await Task.Delay(100, ct);
            }
        }
        catch (OperationCanceledException)
        {
            // stopped after the node count's cycles
        }
    }
}
