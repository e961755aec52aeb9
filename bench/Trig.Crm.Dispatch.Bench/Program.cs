using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Trig.Crm.Dispatch.Bench;

// Dispatch figures against the real worker process and loopback receivers (WireMock):
//   latency    — `trig run`: an organisation changes (trig import of one row, the fast path picks it up), the behaviour is
//                entered, and its Slack action is posted; latency = Slack request arrival − the transition's `at`.
//   throughput — `trig sync --once` dispatching N webhook actions to one receiver; actions/s between first and last arrival.
// Usage: dotnet run -c Release --project bench/Trig.Crm.Dispatch.Bench -- [latency|throughput|all] [--n N (latency samples)] [--gap-ms MS] [--actions N (throughput)]
var mode = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "all";
int Arg(string name, int fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
Console.WriteLine($"worker: {TrigWorker.Dll}");
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");

if (mode is "latency" or "all")
{
    await LatencyAsync(Arg("--n", 40), Arg("--gap-ms", 1200));
}

if (mode is "throughput" or "all")
{
    await ThroughputAsync(Arg("--actions", 1000));
}

static async Task LatencyAsync(int n, int gapMs)
{
    using var receivers = new Receivers();
    using var trig = new TrigWorker("""
        behaviours:
          - key: bench_latency
            name: Bench Latency
            entity: organisation
            audience: [ plan = pro ]
            on_entry:
              - slack: { channel: C0BENCH, text: "{name} upgraded to {plan}" }
        """, [$"--Trig:Slack:BaseUrl={receivers.SlackBaseUrl}", "--Trig:Slack:BotToken=xoxb-bench"]);
    await File.WriteAllTextAsync(Path.Combine(trig.Dir, "all.csv"), Csv(Enumerable.Range(1, n).Select(i => (i, "free"))));
    await trig.RunToEndAsync("import", "--organisations", "all.csv");

    var run = trig.StartRun();
    await Task.Delay(3000); // start-up and the first fast-path pass over the imported (non-matching) organisations
    var imported = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
    Console.WriteLine($"latency: trig run (defaults: fast path every 500 ms, Slack paced 1/s per channel), {n} organisations upgraded one by one every {gapMs} ms via `trig import`");
    for (var i = 1; i <= n; i++)
    {
        var started = Stopwatch.StartNew();
        var file = $"one-{i}.csv";
        await File.WriteAllTextAsync(Path.Combine(trig.Dir, file), Csv([(i, "pro")]));
        await trig.RunToEndAsync("import", "--organisations", file);
        imported[$"org-{i:D4}"] = DateTimeOffset.UtcNow;
        var rest = gapMs - (int)started.ElapsedMilliseconds;
        if (rest > 0)
        {
            await Task.Delay(rest);
        }
    }

    var deadline = Stopwatch.StartNew();
    while (receivers.SlackPosts.Count < n && deadline.Elapsed < TimeSpan.FromSeconds(60))
    {
        await Task.Delay(50);
    }

    var committed = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
    await using (var c = new SqliteConnection($"Data Source={trig.DbPath};Pooling=False"))
    {
        await c.OpenAsync();
        using var q = c.CreateCommand();
        q.CommandText = "SELECT o.idempotency_key, t.at FROM outbox o JOIN transitions t ON t.id = o.transition_id WHERE o.action_kind = 'slack'";
        await using var r = await q.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            committed[r.GetString(0)] = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(1));
        }
    }

    var latencies = committed.Where(kv => receivers.SlackPosts.ContainsKey(kv.Key))
        .Select(kv => (receivers.SlackPosts[kv.Key] - kv.Value).TotalMilliseconds).Order().ToList();
    Console.WriteLine($"  transitions {committed.Count}, Slack posts {receivers.SlackPosts.Count}, matched {latencies.Count}");
    if (latencies.Count > 0)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  transition committed → Slack request: p50 {Pct(latencies, 50):0} ms, p95 {Pct(latencies, 95):0} ms, max {latencies[^1]:0} ms, mean {latencies.Average():0} ms"));
    }

    // End to end, including the fast path's polling: from the import process having exited (its rows committed).
    var endToEnd = receivers.SlackPosts.Select(kv => (kv.Value - imported[kv.Key.Split(':')[2]]).TotalMilliseconds).Order().ToList();
    if (endToEnd.Count > 0)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  change imported → Slack request:    p50 {Pct(endToEnd, 50):0} ms, p95 {Pct(endToEnd, 95):0} ms, max {endToEnd[^1]:0} ms, mean {endToEnd.Average():0} ms"));
    }
}

static async Task ThroughputAsync(int n)
{
    using var receivers = new Receivers();
    using var trig = new TrigWorker($$"""
        behaviours:
          - key: bench_throughput
            name: Bench Throughput
            entity: organisation
            audience: [ plan = pro ]
            on_entry:
              - webhook: { url: "{{receivers.HookUrl}}", secret: bench, attributes: [name, plan] }
        """, ["--Trig:Webhooks:Secrets:bench=bench-secret"]);
    await File.WriteAllTextAsync(Path.Combine(trig.Dir, "all.csv"), Csv(Enumerable.Range(1, n).Select(i => (i, "pro"))));
    await trig.RunToEndAsync("import", "--organisations", "all.csv");

    var wall = Stopwatch.StartNew();
    var summary = await trig.RunToEndAsync("sync", "--once");
    wall.Stop();
    var times = receivers.Hooks.Values.Order().ToList();
    Console.WriteLine($"throughput: `trig sync --once`, {n} organisations entering a behaviour with one webhook action, one loopback receiver");
    Console.WriteLine($"  delivered {times.Count} of {n}; sync --once wall time {wall.Elapsed.TotalSeconds:0.00} s (process start, evaluate, commit, dispatch)");
    if (times.Count > 1)
    {
        var span = (times[^1] - times[0]).TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  dispatch: {times.Count} webhooks in {span:0.00} s = {times.Count / span:0} actions/s (first to last arrival)"));
    }

    Console.WriteLine("  " + string.Join("\n  ", summary.Split('\n').Where(l => l.Contains("actions:", StringComparison.Ordinal)).Select(l => l.Trim())));
}

static double Pct(List<double> sorted, int p) => sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];

static string Csv(IEnumerable<(int Id, string Plan)> rows)
{
    var sb = new StringBuilder("id,name,plan\n");
    foreach (var (id, plan) in rows)
    {
        sb.Append(CultureInfo.InvariantCulture, $"org-{id:D4},Org {id},{plan}\n");
    }

    return sb.ToString();
}
