using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using Npgsql;
using Trig.Crm.Engine.Definitions;
using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Store;
using Trig.Crm.Testing;
using Trig.Crm.Testing.Prerequisites;
using Trig.Crm.Worker.Cli;
using Trig.Crm.Worker.Hosting;

// End-to-end sync benchmark: a store of N organisations (5 people and ~20 events each, the lifecycle bench's shape),
// then `trig sync --once` through the real composition with the local CRM (load, evaluate, commit, push metadata to
// the local CRM): the first (full) cycle, then cycles until one records no transition, then the steady-state one,
// each with its wall time and peak RSS, and the steady cycle again evaluating every unit. Then the in-memory
// engine's steady-state pass over the same units, loaded from the same store, and the ratio.
//   dotnet run -c Release --project bench/Trig.Crm.Sync.Bench -- --orgs 100000 --store sqlite
//   dotnet run -c Release --project bench/Trig.Crm.Sync.Bench -- --orgs 100000 --store postgres [--pg "Host=…"]
//   dotnet run -c Release --project bench/Trig.Crm.Sync.Bench -- --orgs 20000 --store postgres --nodes 3 [--in-process]
// PostgreSQL without --pg is a throwaway server started from the installed binaries (Debian's /usr/lib/postgresql).
// --nodes N then runs the same cycle on 1…N nodes: nodes 2…N are trig run processes (NodeScaling, TrigRunNodes).
// With --pg the bench WIPES that database's Trig data (it resets the store first).
var n = IntArg("--orgs", 10_000);
var seed = IntArg("--seed", 7);
var provider = StringArg("--store") ?? "sqlite";
var pg = StringArg("--pg");
var maxNodes = IntArg("--nodes", 0);
var inProcess = args.Contains("--in-process"); // nodes 2…N as hosts in this process, not trig run processes
var everyUnitCycle = !args.Contains("--no-every-unit"); // skips the steady cycle that evaluates every unit (long at 1M)
var keep = args.Contains("--keep"); // keeps the SQLite store (its path is printed) for a look with sqlite3 afterwards
if (provider is not ("sqlite" or "postgres"))
{
    Console.Error.WriteLine("--store must be sqlite or postgres");
    return 2;
}

if (maxNodes is < 0 or > 3 || (maxNodes > 0 && provider != "postgres"))
{
    Console.Error.WriteLine("--nodes must be 1, 2 or 3, with --store postgres");
    return 2;
}

var dir = Directory.CreateTempSubdirectory("trig-sync-bench-").FullName;
PostgresServer? server = null;
TrigRunNodes? nodeProcesses = null;
var interrupted = false;

// An interrupted run (Ctrl+C, kill) still stops the trig run processes and the throwaway server it started, instead
// of leaving them running; the nodes first, since they are the server's clients. Then it exits at once (130 or 143):
// the cycle still running in this process would only fail on the server just stopped.
void Stop(PosixSignalContext context)
{
    Volatile.Write(ref interrupted, true);
    nodeProcesses?.Interrupt();
    server?.DisposeAsync().AsTask().GetAwaiter().GetResult();
    Console.Error.WriteLine($"interrupted ({context.Signal}){(nodeProcesses is null ? "" : "; node processes stopped")}{(server is null ? "" : "; throwaway PostgreSQL server stopped")}");
    Environment.Exit(context.Signal == PosixSignal.SIGINT ? 130 : 143);
}

using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
try
{
    string connection;
    if (provider == "sqlite")
    {
        connection = $"Data Source={Path.Combine(dir, "trig.db")}";
    }
    else if (pg is not null)
    {
        connection = pg;
    }
    else
    {
        server = await PostgresServer.StartAsync();
        connection = new NpgsqlConnectionStringBuilder(server.ConnectionString()) { Pooling = true, Timeout = 60, CommandTimeout = 0 }.ConnectionString;
    }

    Console.WriteLine($"Trig.Crm sync benchmark: {n:N0} organisations, {5 * n:N0} people, ~{20 * n:N0} events; store {provider}; {Environment.ProcessorCount} cores");
    // The settings every node shares: this bench's hosts take them as arguments, the trig run processes as
    // environment variables.
    var settings = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Trig:Store:Provider"] = provider,
        ["Trig:Store:ConnectionString"] = connection,
        ["Trig:Definitions:Path"] = RepoPaths.SampleLifecycle,
        ["Trig:Crm:Provider"] = "local",
    };
    IHost Build(string[] extra) => TrigHost.BuildCli([.. settings.Select(s => $"--{s.Key}={s.Value}"), "--Logging:LogLevel:Default=Error", .. extra]);
    using var host = Build([]);
    var sp = host.Services;
    var store = sp.GetRequiredService<ITrigStore>();
    await store.MigrateAsync(default);
    await store.ResetAsync(default);
    var now = TimeProvider.System.GetUtcNow();
    var sw = Stopwatch.StartNew();
    await SyntheticOrganisations.WriteAsync(store, n, seed, now, default);
    Console.WriteLine($"store written in {sw.Elapsed.TotalSeconds:0.0} s");

    using var phases = new PhaseTimes();
    var first = await CycleAsync(sp, "first (full) cycle");
    // The first cycle enters most units somewhere, and a unit whose evaluation changed something is due again in the
    // next cycle (a chain through another entity's metadata, a job left and re-entered, takes one more evaluation);
    // the benchmarks learned from the first cycle flag slow onboarders in the second. So cycles run until one
    // records no transition; the cycle after it, over data and results that no longer change, is the steady state.
    var cycles = new List<(string Name, Cycle C)> { ("first (full) cycle", first), ("second cycle", await CycleAsync(sp, "second cycle")) };
    while (phases.Transitions > 0 && cycles.Count < 6)
    {
        cycles.Add(($"cycle {cycles.Count + 1}", await CycleAsync(sp, $"cycle {cycles.Count + 1}")));
    }

    var steady = await CycleAsync(sp, $"steady-state cycle (cycle {cycles.Count + 1}, after one that recorded no transition)");
    cycles.Add(("steady-state cycle", steady));
    if (everyUnitCycle)
    {
        // The same steady cycle evaluating every unit (Trig:Cluster:SkipSettled=false), for comparison.
        using var everyUnit = Build(["--Trig:Cluster:SkipSettled=false"]);
        cycles.Add(("steady, every unit", await CycleAsync(everyUnit.Services, "steady-state cycle evaluating every unit (Trig:Cluster:SkipSettled=false)")));
    }

    // The in-memory engine over the same units (with the memberships the cycles left), as bench/Trig.Crm.Bench runs it.
    var engine = await EnginePass.RunAsync(store, sp.GetRequiredService<DefinitionCatalog>(), n, now);
    // "steps": the cycle's own work (open, then per shard load, evaluate, commit, push), without sync --once's
    // dispatch step and the measurement report it prints (the scheduled cycle computes no report).
    Console.WriteLine($"\n{"",-22}{"wall s",10}{"w/o dispatch s",16}{"steps s",10}{"peak RSS MB",14}{"orgs/s",12}{"entities",12}");
    foreach (var (name, c) in cycles)
    {
        Console.WriteLine($"{name,-22}{c.Wall.TotalSeconds,10:0.00}{c.Wall.TotalSeconds - c.Dispatch,16:0.00}{c.Steps,10:0.00}{c.PeakMb,14:0}{n / c.Wall.TotalSeconds,12:N0}{c.Entities,12:N0}");
    }

    Console.WriteLine($"{"engine steady pass",-22}{engine.TotalSeconds,10:0.000}");
    Console.WriteLine($"steady-state cycle / engine steady-state pass: {steady.Wall.TotalSeconds / engine.TotalSeconds:0.00}x; " +
                      $"without its dispatch step: {(steady.Wall.TotalSeconds - steady.Dispatch) / engine.TotalSeconds:0.00}x; " +
                      $"its steps alone: {steady.Steps / engine.TotalSeconds:0.00}x (peak RSS: {PeakMemory.Source})");
    if (maxNodes > 0)
    {
        nodeProcesses = inProcess ? null : new TrigRunNodes(settings, NodeScaling.ProcessArgs);
        await NodeScaling.RunAsync(Build, nodeProcesses, connection, n, maxNodes, phases);
    }

    return 0;

    async Task<Cycle> CycleAsync(IServiceProvider sp, string name)
    {
        Console.WriteLine($"\n== trig sync --once: {name}");
        GC.Collect();
        PeakMemory.Reset();
        phases.Clear();
        var watch = Stopwatch.StartNew();
        var code = await SyncCommand.RunAsync(sp, json: false, asOf: null, force: false, default);
        var wall = watch.Elapsed;
        var peak = PeakMemory.Megabytes();
        Console.WriteLine($"-> exit {code}; wall {wall.TotalSeconds:0.00} s; peak RSS {peak:0} MB");
        Console.WriteLine($"   spans: {phases.Summary()}; transitions {phases.Transitions:N0}");
        var steps = phases.Seconds("trig.cycle") - phases.Seconds("trig.dispatch") - phases.Seconds("trig.report") - phases.Seconds("trig.pull");
        return new Cycle(wall, peak, phases.Seconds("trig.dispatch"), steps, phases.Entities);
    }
}
catch (NodeFailedException e) when (!Volatile.Read(ref interrupted))
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}
catch (Exception) when (Volatile.Read(ref interrupted))
{
    // What fails once the server and the nodes are being stopped is the interruption, not news: the signal handler
    // ends the process when it is done.
    await Task.Delay(Timeout.Infinite);
    throw;
}
finally
{
    nodeProcesses?.Interrupt(); // none is left running after an error either
    SqliteConnection.ClearAllPools();
    NpgsqlConnection.ClearAllPools();
    if (server is not null)
    {
        await server.DisposeAsync();
    }

    if (keep)
    {
        Console.WriteLine($"store kept in {dir}");
    }
    else
    {
        Directory.Delete(dir, recursive: true);
    }
}

int IntArg(string name, int fallback) => StringArg(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

string? StringArg(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

/// <summary>One timed cycle: wall time, peak RSS, its dispatch step and its own steps in seconds, entities evaluated.</summary>
internal sealed record Cycle(TimeSpan Wall, double PeakMb, double Dispatch, double Steps, long Entities);
