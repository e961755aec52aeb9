using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;
using Microsoft.Data.Sqlite;
using Trig.Crm.Engine.Demo;
using Trig.Crm.Engine.Insights;
using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Store;
using Trig.Crm.Worker.Hosting;

// Insights benchmark: `trig insights retention --outcome "subscription_status = active" --within 7d`, computed by the
// engine (through the real composition, over a SQLite store) on the demo store and on N synthetic organisations with
// all their memberships and transitions: time and peak memory. Then the same numbers from ONE DuckDB SQL query over
// the same data (copied from the store into DuckDB in the same run), checked to agree, and the ratio of the times.
//   dotnet run -c Release --project bench/Trig.Crm.Insights.Bench -- --organisations 100000 --demo 500
var n = Arg("--organisations", 100_000);
var demoOrganisations = Arg("--demo", 500);
const string Outcome = "subscription_status = active";
var within = TimeSpan.FromDays(7);
var samples = SampleLifecycle();
var dir = Directory.CreateTempSubdirectory("trig-insights-bench-").FullName;
Console.WriteLine($"Trig.Crm insights benchmark: retention --outcome \"{Outcome}\" --within 7d; {Environment.ProcessorCount} cores");
try
{
    await ScenarioAsync($"demo ({demoOrganisations} organisations)", Path.Combine(dir, "demo.db"), async sp =>
        await sp.GetRequiredService<DemoRunner>().RunAsync(demoOrganisations, null, default));
    await ScenarioAsync($"synthetic ({n:N0} organisations)", Path.Combine(dir, "synthetic.db"), async sp =>
        await SyntheticStore.WriteAsync(sp.GetRequiredService<Trig.Crm.Engine.Definitions.DefinitionCatalog>().Reload()!, $"Data Source={Path.Combine(dir, "synthetic.db")}", n));
}
finally
{
    SqliteConnection.ClearAllPools();
    Directory.Delete(dir, recursive: true);
}

async Task ScenarioAsync(string name, string db, Func<IServiceProvider, Task> fill)
{
    using var host = TrigHost.BuildCli([$"--Trig:Store:ConnectionString=Data Source={db}", $"--Trig:Definitions:Path={samples}"]);
    var sp = host.Services;
    await sp.GetRequiredService<ITrigStore>().MigrateAsync(default);
    var sw = Stopwatch.StartNew();
    await fill(sp);
    Console.WriteLine($"\n{name}: store filled in {sw.Elapsed.TotalSeconds:0.0} s ({new FileInfo(db).Length / 1048576d:0} MB)");

    var analysis = sp.GetRequiredService<RetentionAnalysis>();
    var request = new RetentionRequest(Outcome, null, null, within);
    GC.Collect();
    PeakMemory.Reset();
    var allocated = GC.GetTotalAllocatedBytes(precise: true);
    sw.Restart();
    var report = await analysis.RunAsync(request, default);
    var coldMs = sw.Elapsed.TotalMilliseconds;
    var peakMb = PeakMemory.Megabytes();
    var allocatedMb = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1048576d;
    var warmMs = double.MaxValue;
    for (var i = 0; i < 2; i++)
    {
        sw.Restart();
        await analysis.RunAsync(request, default);
        warmMs = Math.Min(warmMs, sw.Elapsed.TotalMilliseconds);
    }

    Console.WriteLine($"engine:  first run {coldMs,9:0.0} ms, best warm {warmMs,9:0.0} ms; peak RSS {peakMb:0} MB ({PeakMemory.Source}), allocated {allocatedMb:0} MB");
    Console.WriteLine($"         {report.Organisations:N0} organisations with a known outcome, {report.Unknown:N0} unknown; {report.Ranked.Count} ranked, top: {string.Join(", ", report.Ranked.Take(3).Select(r => $"{r.Key} {r.GapPoints:+0.0;-0.0}"))}");

    var set = sp.GetRequiredService<Trig.Crm.Engine.Definitions.DefinitionCatalog>().Current!;
    var (loadMs, queryMs, rows) = DuckRetention.Run(db, set, within);
    var differences = DuckRetention.Compare(report, rows);
    Console.WriteLine($"DuckDB:  copy from the store {loadMs,9:0.0} ms, one SQL query (best of 3) {queryMs,9:0.0} ms; {rows.Count} items");
    Console.WriteLine($"engine (warm) / DuckDB query: {warmMs / queryMs:0.00}; engine (first run) / (DuckDB copy + query): {coldMs / (loadMs + queryMs):0.00}; numbers {(differences.Count == 0 ? "agree" : "DIFFER: " + string.Join("; ", differences))}");
    if (differences.Count > 0)
    {
        Environment.ExitCode = 1;
    }
}

// The sample lifecycle of this repository: samples/lifecycle in the working directory or a parent of it.
static string SampleLifecycle()
{
    for (var d = new DirectoryInfo(Directory.GetCurrentDirectory()); d is not null; d = d.Parent)
    {
        var candidate = Path.Combine(d.FullName, "samples", "lifecycle");
        if (Directory.Exists(candidate))
        {
            return candidate;
        }
    }

    throw new DirectoryNotFoundException("run from the repository: samples/lifecycle not found in the working directory or its parents");
}

static int Arg(string name, int fallback)
{
    var args = Environment.GetCommandLineArgs();
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}
