using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Trig.Crm.Engine.Cluster;
using Trig.Crm.Testing;

/// <summary>Nodes 2…N of one node count, whichever way they run: what the scaling bench needs from them.</summary>
internal interface IHelperNodes : IAsyncDisposable
{
    /// <summary>Completes, with what happened, when a node stops on its own; never while all is well.</summary>
    Task<string> Failure { get; }

    /// <summary>The node number (2…N) of a shard owner (a <see cref="ClusterNode"/> id), or null when it is none of these.</summary>
    int? NodeOf(string owner);

    /// <summary>Each node process's peak RSS in MB so far (none for in-process nodes): read before they are stopped.</summary>
    IReadOnlyList<(int Node, double? PeakMb)> Peaks();
}

/// <summary>
/// Nodes 2…N as <c>trig run</c> processes (the Worker's own entry point, the <c>trig.dll</c> built with this bench).
/// Knows every one still running, so an interrupted bench (Ctrl+C, SIGTERM) stops them before it exits.
/// </summary>
internal sealed partial class TrigRunNodes(IReadOnlyDictionary<string, string> settings, IReadOnlyList<string> args)
{
    private static readonly TimeSpan ReadyWithin = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<int, HelperProcess> _live = new();
    private readonly Lazy<string> _folder = new(() => Directory.CreateTempSubdirectory("trig-sync-nodes-").FullName);
    private volatile bool _interrupted;

    /// <summary>Where the node processes' output goes (kept after the run).</summary>
    public string Folder => _folder.Value;

    /// <summary>
    /// The <c>trig.dll</c> beside this bench (the SDK copies a referenced executable project's dll with its
    /// <c>trig.runtimeconfig.json</c> and <c>trig.deps.json</c>), else src/Trig.Crm.Worker's own build output.
    /// </summary>
    public static string Dll()
    {
        var dll = RepoPaths.TrigDll;
        return File.Exists(Path.ChangeExtension(dll, ".runtimeconfig.json"))
            ? dll
            : throw new NodeFailedException($"{dll} has no trig.runtimeconfig.json beside it: build src/Trig.Crm.Worker (dotnet build -c Release src/Trig.Crm.Worker)");
    }

    /// <summary>Starts nodes 2…<paramref name="nodes"/> at once and returns when every one is ready.</summary>
    public async Task<IHelperNodes> StartAsync(int nodes)
    {
        var dll = Dll();
        var environment = settings.ToDictionary(kv => kv.Key.Replace(":", "__", StringComparison.Ordinal), kv => kv.Value, StringComparer.Ordinal);
        var started = new List<HelperProcess>();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            for (var node = 2; node <= nodes; node++)
            {
                var logs = Path.Combine(Folder, $"{nodes}-nodes.node{node}"); // one pair of files per process, none overwritten
                var p = HelperProcess.Start(dll, node, FreePort.Get(), logs, args, environment);
                _live[p.Pid] = p;
                started.Add(p);
                Console.WriteLine($"   started {p.Describe()}; output in {p.Logs}.out/.err");
            }

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            await Task.WhenAll(started.Select(p => p.WaitReadyAsync(http, ReadyWithin)));
            if (started.Count > 0)
            {
                Console.WriteLine($"   ready (GET /health/ready 200) {waited.Elapsed.TotalSeconds:0.0} s after starting");
            }

            return new Processes(this, started);
        }
        catch
        {
            Stop(started);
            throw;
        }
    }

    /// <summary>Stops every node still running: from the signal handler and the bench's last cleanup.</summary>
    public void Interrupt()
    {
        _interrupted = true;
        Stop([.. _live.Values]);
    }

    private void Stop(IEnumerable<HelperProcess> processes)
    {
        // In parallel: each may take the whole grace period to finish its turn.
        Task.WaitAll([.. processes.Select(p => Task.Run(() =>
        {
            if (p.Stop(StopGrace) is { } outcome)
            {
                Console.WriteLine($"   {outcome}");
            }

            p.Dispose();
            _live.TryRemove(p.Pid, out _);
        }))]);
    }

    private sealed partial class Processes : IHelperNodes
    {
        private readonly TrigRunNodes _owner;
        private readonly List<HelperProcess> _processes;
        private bool _stopping;

        public Processes(TrigRunNodes owner, List<HelperProcess> processes)
        {
            (_owner, _processes) = (owner, processes);
            Failure = WatchAsync();
        }

        public Task<string> Failure { get; }

        /// <summary>A <see cref="ClusterNode"/> id reads "machine process PID (random)": the PID says which process.</summary>
        public int? NodeOf(string owner) =>
            Pid().Match(owner) is { Success: true } m && _processes.FirstOrDefault(p => p.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture) == m.Groups[1].Value) is { } p
                ? p.Node
                : null;

        public IReadOnlyList<(int Node, double? PeakMb)> Peaks() => [.. _processes.Select(p => (p.Node, p.PeakMegabytes()))];

        public ValueTask DisposeAsync()
        {
            _stopping = true;
            _owner.Stop(_processes);
            return ValueTask.CompletedTask;
        }

        private async Task<string> WatchAsync()
        {
            var first = _processes.Count == 0 ? null : await Task.WhenAny(_processes.Select(p => p.Exited));
            if (first is null || _stopping || _owner._interrupted)
            {
                await Task.Delay(Timeout.Infinite); // no node process (one node), or stopped on purpose: not a failure
            }

            return _processes.First(p => p.Exited == first).ExitedEarly("before the bench stopped it");
        }

        [GeneratedRegex(@" process (\d+) \(")]
        private static partial Regex Pid();
    }
}

/// <summary>
/// Nodes 2…N as hosts of their own in this process (<c>--in-process</c>): each built by <c>TrigHost.BuildCli</c> (its own
/// composition, node id, connection pool and shard runner), running the shard-helper loop every <c>trig run</c> runs.
/// </summary>
internal sealed class InProcessNodes : IHelperNodes
{
    private readonly List<(int Node, IHost Host)> _hosts;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource<string> _failure = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<Task> _loops;

    public InProcessNodes(Func<string[], IHost> build, int nodes, string[] args)
    {
        _hosts = [.. Enumerable.Range(2, nodes - 1).Select(n => (n, build(args)))];
        _loops = [.. _hosts.Select(h => HelpAsync(h.Node, h.Host.Services.GetRequiredService<ShardHelper>()))];
    }

    public Task<string> Failure => _failure.Task;

    public int? NodeOf(string owner) => _hosts.FirstOrDefault(h => h.Host.Services.GetRequiredService<ClusterNode>().Id == owner) is { Host: not null } h ? h.Node : null;

    public IReadOnlyList<(int Node, double? PeakMb)> Peaks() => [];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_loops);
        _hosts.ForEach(h => h.Host.Dispose());
        _stop.Dispose();
    }

    /// <summary>What <c>trig run</c>'s shard-helper service does, polling every 100 ms: look for open shards, work them.</summary>
    private async Task HelpAsync(int node, ShardHelper helper)
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                await helper.RunOnceAsync(_stop.Token);
                await Task.Delay(100, _stop.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // stopped after the node count's cycles
        }
        catch (Exception ex)
        {
            _failure.TrySetResult($"node {node} (in-process) failed: {ex}");
        }
    }
}
