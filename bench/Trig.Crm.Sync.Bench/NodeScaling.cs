using System.Diagnostics;
using Npgsql;
using Trig.Crm.Engine.Cluster;
using Trig.Crm.Worker.Cli;

/// <summary>
/// The same full cycle split across 1, 2, … N nodes on one PostgreSQL. Node 1 is this bench's own host
/// (<c>TrigHost.BuildCli</c>): it runs <c>trig sync --once</c>, which opens the cycle and works shards too. Nodes 2…N
/// are <c>trig run</c> processes (<see cref="TrigRunNodes"/>), or with <c>--in-process</c> hosts of their own in this
/// process (<see cref="InProcessNodes"/>); either way they claim shards of the open cycle until none is left.
/// For each node count: a first (full) cycle over a store whose evaluation state was emptied, then a steady one, both
/// evaluating every unit (<c>Trig:Cluster:SkipSettled=false</c>); then who worked which shards, and each node
/// process's peak RSS.
/// </summary>
internal static class NodeScaling
{
    /// <summary>The tables a cycle writes: emptied so each node count starts with the same first (full) cycle.</summary>
    private const string EvaluationState =
        "TRUNCATE memberships, transitions, outbox, pushed, crm_properties, benchmarks, cluster_cycles, cluster_shards, cycle_runs, definition_freshness, signal_snapshots";

    /// <summary>
    /// Every node: every unit evaluated in both cycles (no settled units skipped), so the work shared out is the whole
    /// store's, and a short look for open shards, so a node joins a cycle soon after it opens.
    /// </summary>
    public static readonly string[] ClusterArgs = ["--Trig:Cluster:PollMilliseconds=200", "--Trig:Cluster:SkipSettled=false"];

    /// <summary>
    /// A Quartz cron that fires on 1 January 2099 only: the node processes run no full cycle (nor the daily signal
    /// snapshot) of their own in the bench's window, they only help with the cycle node 1 opens.
    /// </summary>
    private const string Never = "0 0 0 1 1 ? 2099";

    /// <summary>
    /// What a node process runs with beyond the store, definitions and CRM settings node 1 has: no schedule of its own
    /// in the window (its dispatch fires once as it starts, on an outbox just emptied, then not for an hour; its fast
    /// path finds nothing dirty and looks again a minute later), warnings only in its output.
    /// </summary>
    public static readonly string[] ProcessArgs =
    [
        .. ClusterArgs,
        $"--Trig:Schedule:Cycle={Never}",
        $"--Trig:Schedule:SignalSnapshot={Never}",
        "--Trig:Schedule:DispatchSeconds=3600",
        "--Trig:Schedule:FastPathMilliseconds=60000",
        "--Trig:Ingest:PendingRecheckSeconds=86400",
        "--Logging:LogLevel:Default=Warning",
    ];

    public static async Task RunAsync(Func<string[], IHost> build, TrigRunNodes? processes, string connection, int organisations, int maxNodes, PhaseTimes phases)
    {
        var how = processes is null ? "in-process hosts" : $"trig run processes ({TrigRunNodes.Dll()}), their output in {processes.Folder}";
        Console.WriteLine($"\n== the same cycle on 1…{maxNodes} nodes on one PostgreSQL: node 1 this bench's host (trig sync --once), nodes 2…{maxNodes} {how}; {Environment.ProcessorCount} cores");
        var rows = new List<NodeRow>();
        for (var nodes = 1; nodes <= maxNodes; nodes++)
        {
            await ResetAsync(connection);
            using var host = build(ClusterArgs);
            var node1 = host.Services.GetRequiredService<ClusterNode>().Id;
            Console.WriteLine($"\n-- {nodes} node(s)");
            await using var helpers = processes is null ? new InProcessNodes(build, nodes, ClusterArgs) : await processes.StartAsync(nodes);
            PeakMemory.Reset();
            int? NodeOf(string owner) => owner == node1 ? 1 : helpers.NodeOf(owner);
            var full = await TimeAsync(host, helpers, connection, NodeOf, phases, $"{nodes} node(s), first (full) cycle");
            var steady = await TimeAsync(host, helpers, connection, NodeOf, phases, $"{nodes} node(s), steady-state cycle");
            var peaks = helpers.Peaks();
            Console.WriteLine($"   peak RSS: this bench's process ({(processes is null ? "every node" : "node 1")}) {PeakMemory.Megabytes():0} MB" +
                              string.Concat(peaks.Select(p => $"; node {p.Node} {(p.PeakMb is { } mb ? $"{mb:0} MB" : "?")}")));
            rows.Add(new NodeRow(nodes, full, steady, PeakMemory.Megabytes(), peaks));
        }

        Print(rows, organisations, processes is not null);
    }

    private static async Task ResetAsync(string connection)
    {
        await using var c = new NpgsqlConnection(connection);
        await c.OpenAsync();
        // Units unsettled and the last basis forgotten too, so each node count's first cycle evaluates every unit.
        await using var cmd = new NpgsqlCommand(
            EvaluationState + "; UPDATE entities SET settled_until = NULL; DELETE FROM checkpoints WHERE key IN ('cycle:last', 'cycle:settled-basis')", c);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// One <c>trig sync --once</c> on node 1, stopped (and the bench with it) if a helper node exits meanwhile: a
    /// helper that died holding a shard would otherwise leave node 1 waiting out the shard's lease.
    /// </summary>
    private static async Task<Timed> TimeAsync(IHost host, IHelperNodes helpers, string connection, Func<string, int?> nodeOf, PhaseTimes phases, string name)
    {
        Console.WriteLine($"\n-- {name}");
        var before = await ShardShares.LastCycleAsync(connection);
        phases.Clear();
        using var cancel = new CancellationTokenSource();
        var watch = Stopwatch.StartNew();
        var sync = SyncCommand.RunAsync(host.Services, json: false, asOf: null, force: false, cancel.Token);
        if (await Task.WhenAny(sync, helpers.Failure) != sync)
        {
            await cancel.CancelAsync();
            await Task.WhenAny(sync, Task.Delay(TimeSpan.FromSeconds(30))); // let node 1 stop, but do not hang on it
            throw new NodeFailedException(await helpers.Failure);
        }

        var code = await sync;
        var wall = watch.Elapsed.TotalSeconds;
        if (code != 0)
        {
            throw new NodeFailedException($"node 1's trig sync --once exited with {code} in the {name}");
        }

        var shares = await ShardShares.ReadAsync(connection, before, nodeOf);
        Console.WriteLine($"-> wall {wall:0.00} s; spans (node 1's own, this process): {phases.Summary()}");
        Console.WriteLine($"   shards worked: {ShardShares.Describe(shares)}");
        var openers = await ShardShares.OpenersAsync(connection, before, nodeOf);
        if (openers is not [1])
        {
            // The figures then hold more (or other) work than node 1's one cycle; say so rather than print them as if not.
            Console.WriteLine($"   WARNING: cycles opened in this window by: {string.Join(", ", openers.Select(o => o is { } n ? $"node {n}" : "another process"))} (expected node 1 alone)");
        }
        return new Timed(wall, phases.Seconds("trig.dispatch"), shares);
    }

    private static void Print(List<NodeRow> rows, int organisations, bool processes)
    {
        // Node 1 alone dispatches the outbox after the shards; the shards' part (load, evaluate, commit, push) is what is shared.
        Console.WriteLine($"\n{"nodes",-7}{"full s",8}{"orgs/s",9}{"×",6}{"w/o dispatch s",16}{"orgs/s",9}{"×",6}" +
                          $"{"steady s",10}{"orgs/s",9}{"×",6}{"w/o dispatch s",16}{"orgs/s",9}{"×",6}");
        var one = rows[0];
        foreach (var r in rows)
        {
            Console.WriteLine($"{r.Nodes,-7}{r.Full.Wall,8:0.00}{organisations / r.Full.Wall,9:N0}{one.Full.Wall / r.Full.Wall,6:0.00}" +
                              $"{r.Full.Shards,16:0.00}{organisations / r.Full.Shards,9:N0}{one.Full.Shards / r.Full.Shards,6:0.00}" +
                              $"{r.Steady.Wall,10:0.00}{organisations / r.Steady.Wall,9:N0}{one.Steady.Wall / r.Steady.Wall,6:0.00}" +
                              $"{r.Steady.Shards,16:0.00}{organisations / r.Steady.Shards,9:N0}{one.Steady.Shards / r.Steady.Shards,6:0.00}");
        }

        var max = rows[^1].Nodes;
        Console.WriteLine($"\nshards worked per node (shards, entities evaluated){(processes ? "; peak RSS of the bench's process (node 1) and of each trig run process" : "")}");
        Console.WriteLine($"{"nodes",-7}{"cycle",-10}" + string.Concat(Enumerable.Range(1, max).Select(n => $"{"node " + n,-20}")));
        foreach (var r in rows)
        {
            Console.WriteLine($"{r.Nodes,-7}{"full",-10}{ShardShares.Columns(r.Full.Shares, r.Nodes, 20)}");
            Console.WriteLine($"{r.Nodes,-7}{"steady",-10}{ShardShares.Columns(r.Steady.Shares, r.Nodes, 20)}");
            if (processes)
            {
                Console.WriteLine($"{r.Nodes,-7}{"peak RSS",-10}{$"{r.BenchPeakMb:0} MB",-20}" +
                                  string.Concat(r.Peaks.Select(p => $"{(p.PeakMb is { } mb ? $"{mb:0} MB" : "?"),-20}")));
            }
        }
    }

    /// <summary>A timed cycle: its wall time, node 1's dispatch step, and who worked its shards.</summary>
    private sealed record Timed(double Wall, double Dispatch, IReadOnlyList<ShardShares.Share> Shares)
    {
        /// <summary>The cycle without node 1's dispatch step: the part the nodes share.</summary>
        public double Shards => Wall - Dispatch;
    }

    private sealed record NodeRow(int Nodes, Timed Full, Timed Steady, double BenchPeakMb, IReadOnlyList<(int Node, double? PeakMb)> Peaks);
}
