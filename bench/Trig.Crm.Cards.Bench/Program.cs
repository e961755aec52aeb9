using Trig.Crm.Testing;
using System.Text;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Trig.Crm.HubSpot.Webhooks;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Engine.Cards;
using Trig.Crm.Worker.Hosting;

// Card endpoint load test: p50/p99 and requests/s of signed GET /api/cards/hubspot for random organisations, with
// N concurrent clients, against the web host on loopback (Kestrel) over a store of many organisations with
// memberships and transitions. Target: p99 <= 20 ms at 200 concurrent requests with 100k organisations.
//
//   dotnet run -c Release --project bench/Trig.Crm.Cards.Bench -- [--organisations 100000] [--concurrency 200]
//       [--seconds 20] [--store /tmp/trig-cards-bench/cards-100000.db]
//       [--telemetry [--rounds 3]]                       card requests with telemetry off and on, interleaved
//       [--telemetry-cycle [--rounds 3] [--cycles 5]]    sync --once's full cycle over a demo store, off and on
//       [--scaling [--sizes 1000,10000,100000] [--rounds 3] [--pg "Host=…"] [--explain]]   card cost vs store size, SQLite and
//                                                        PostgreSQL (a throwaway server unless --pg), concurrency 16, 5 s rounds
// The store is built once (demo data for people-less organisations, final attribute values, one cycle) and reused.
var organisations = Arg("--organisations", 100_000);
var concurrency = Arg("--concurrency", 200);
var seconds = Arg("--seconds", 20);
var storePath = ArgText("--store") ?? Path.Combine(Path.GetTempPath(), "trig-cards-bench", $"cards-{organisations}.db");
const string Secret = "bench-client-secret";

// A quiet host: no config file watcher (the content root is the working folder, which may be a busy checkout or
// /tmp; its change events showed up in profiles), and a working folder of our own.
Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");
var repo = RepoPaths.Root;
var quiet = Directory.CreateTempSubdirectory("trig-cards-bench-cwd-").FullName;
Directory.SetCurrentDirectory(quiet);
var definitions = Path.Combine(repo, "samples", "lifecycle");
string[] config =
[
    $"--Trig:Store:ConnectionString=Data Source={storePath}",
    $"--Trig:Definitions:Path={definitions}",
    $"--Trig:HubSpot:ClientSecret={Secret}",
    "--Trig:Http:Urls=http://127.0.0.1:0",
    "--Logging:LogLevel:Default=Warning",
];

if (args.Contains("--telemetry-cycle"))
{
    // sync --once's full cycle over a demo store (people, events, 30 days of history), telemetry off and on.
    var demoOrganisations = ArgText("--organisations") is null ? 500 : organisations;
    var demoPath = ArgText("--store") ?? Path.Combine(Path.GetTempPath(), "trig-cards-bench", $"demo-{demoOrganisations}.db");
    Directory.CreateDirectory(Path.GetDirectoryName(demoPath)!);
    string[] demoConfig = [$"--Trig:Store:ConnectionString=Data Source={demoPath}", .. config.Skip(1)];
    await TelemetryOverhead.BuildDemoStoreAsync(demoConfig, demoPath, demoOrganisations);
    return await TelemetryOverhead.CycleAsync(demoConfig, Arg("--rounds", 3), Arg("--cycles", 5));
}

if (args.Contains("--scaling"))
{
    // The card's cost against the store's size, on SQLite and PostgreSQL, in one run.
    var sizes = (ArgText("--sizes") ?? "1000,10000,100000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).Distinct().ToList();
    return await StoreScaling.RunAsync([.. config.Skip(1), "--Logging:LogLevel:Trig.Crm.Actions=Error"], sizes, ArgText("--concurrency") is null ? 16 : concurrency,
        ArgText("--seconds") is null ? 5 : seconds, Arg("--rounds", 3), ArgText("--pg"), Secret, args.Contains("--explain"));
}

await CardStore.BuildAsync(config, storePath, organisations);

if (args.Contains("--telemetry"))
{
    return await TelemetryOverhead.CardsAsync(config, organisations, concurrency, seconds, Arg("--rounds", 3), Secret);
}

Console.WriteLine($"Starting the web host over {storePath}");
var app = TrigHost.BuildWeb(config, b =>
{
    // Only the HTTP API: no Quartz cycles or fast path competing for the two cores during the measurement.
    foreach (var d in b.Services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType?.Name is "QuartzHostedService" or "FastPathService" or "IngestFastPathService").ToList())
    {
        b.Services.Remove(d);
    }
});
await app.StartAsync();
var baseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
Console.WriteLine($"Listening on {baseUrl}");

using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, PooledConnectionLifetime = Timeout.InfiniteTimeSpan, UseProxy = false })
{
    BaseAddress = new Uri(baseUrl),
};

// Sanity: one signed request must be a 200 with the organisation's card.
var probe = await SendAsync(http, baseUrl, "org-0001");
if (probe != HttpStatusCode.OK)
{
    Console.Error.WriteLine($"probe request answered {(int)probe}; aborting");
    return 1;
}

if (args.Contains("--direct"))
{
    // Without HTTP: CardService alone, to separate the store and card building from Kestrel and the client.
    var cards = app.Services.GetRequiredService<CardService>();
    foreach (var c in new[] { 1, concurrency })
    {
        var n = 0;
        var sw0 = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, c).Select(w => Task.Run(async () =>
        {
            var rng = new Random(w);
            while (sw0.Elapsed < TimeSpan.FromSeconds(5))
            {
                _ = await cards.BuildAsync(EntityKind.Organisation, $"org-{rng.Next(1, organisations + 1):0000}", default);
                Interlocked.Increment(ref n);
            }
        })));
        Console.WriteLine($"direct CardService.BuildAsync, {c} concurrent: {n / sw0.Elapsed.TotalSeconds:0} cards/s");
    }

    // HTTP floor: the unauthenticated /health endpoint through the same client.
    var h = 0;
    var swh = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
    {
        while (swh.Elapsed < TimeSpan.FromSeconds(5))
        {
            using var r = await http.GetAsync("/health");
            Interlocked.Increment(ref h);
        }
    })));
    Console.WriteLine($"GET /health, {concurrency} concurrent: {h / swh.Elapsed.TotalSeconds:0} requests/s");
}

if (args.Contains("--wrk"))
{
    // The load from a separate, native process (Debian's wrk): the C# client above shares the two cores with the
    // server. wrk cycles through pre-signed requests for random organisations (signatures stay valid 5 minutes).
    var lua = new StringBuilder("local reqs = {}\n");
    var rng = new Random(1);
    var ts = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
    var host = new Uri(baseUrl).Authority; // wrk.format at load time does not know the host yet
    for (var i = 1; i <= 20_000; i++)
    {
        var path = $"/api/cards/hubspot?objectType=companies&objectId=org-{rng.Next(1, organisations + 1):0000}&portalId=7654321&userId=1";
        var sig = HubSpotSignature.ComputeV3("GET", baseUrl.TrimEnd('/') + path, [], ts, Secret);
        lua.Append(CultureInfo.InvariantCulture, $"reqs[{i}] = wrk.format(\"GET\", \"{path}\", {{[\"Host\"] = \"{host}\", [\"{HubSpotSignature.TimestampHeader}\"] = \"{ts}\", [\"{HubSpotSignature.SignatureHeader}\"] = \"{sig}\"}})\n");
    }

    lua.Append("local n = 0\nrequest = function() n = n % #reqs + 1; return reqs[n] end\n");
    var script = Path.Combine(Path.GetTempPath(), "trig-cards-wrk.lua");
    await File.WriteAllTextAsync(script, lua.ToString());
    foreach (var (label, secs) in new[] { ("warm-up", 3), ("measure", seconds) })
    {
        var psi = new ProcessStartInfo("wrk", ["-t2", $"-c{concurrency}", $"-d{secs}s", "--latency", "-s", script, baseUrl]) { RedirectStandardOutput = true };
        using var wrk = Process.Start(psi) ?? throw new InvalidOperationException("wrk not found: apt-get install wrk");
        var output = await wrk.StandardOutput.ReadToEndAsync();
        await wrk.WaitForExitAsync();
        if (label == "measure")
        {
            Console.WriteLine($"wrk -t2 -c{concurrency} -d{secs}s --latency (pre-signed card requests over {organisations} organisations):");
            Console.WriteLine(output);
        }
    }

    await app.StopAsync();
    return 0;
}

Console.WriteLine($"Warm-up 3 s at concurrency {concurrency}");
await RunLoadAsync(http, baseUrl, concurrency, TimeSpan.FromSeconds(3));
Console.WriteLine($"Measuring {seconds} s at concurrency {concurrency} over {organisations} organisations");
var (latencies, errors, elapsed) = await RunLoadAsync(http, baseUrl, concurrency, TimeSpan.FromSeconds(seconds));
await app.StopAsync();

latencies.Sort();
double P(double q) => latencies.Count == 0 ? double.NaN : latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(q * latencies.Count) - 1)];
var rps = latencies.Count / elapsed.TotalSeconds;
Console.WriteLine();
Console.WriteLine($"organisations      {organisations}");
Console.WriteLine($"concurrency        {concurrency}");
Console.WriteLine($"duration           {elapsed.TotalSeconds:0.0} s");
Console.WriteLine($"requests           {latencies.Count} ok, {errors} failed");
Console.WriteLine($"throughput         {rps:0} requests/s");
Console.WriteLine($"latency p50        {P(0.50):0.00} ms");
Console.WriteLine($"latency p90        {P(0.90):0.00} ms");
Console.WriteLine($"latency p99        {P(0.99):0.00} ms");
Console.WriteLine($"latency max        {latencies.LastOrDefault():0.00} ms");
Console.WriteLine($"target p99 <= 20 ms: {(P(0.99) <= 20 ? "MET" : "MISSED")}");
return 0;

async Task<(List<double> Latencies, int Errors, TimeSpan Elapsed)> RunLoadAsync(HttpClient client, string root, int workers, TimeSpan duration)
{
    var all = new List<double>[workers];
    var failures = 0;
    var started = Stopwatch.GetTimestamp();
    var end = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
    await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
    {
        var rng = new Random(w);
        var mine = all[w] = new List<double>(4096);
        while (Stopwatch.GetTimestamp() < end)
        {
            var id = $"org-{rng.Next(1, organisations + 1):0000}";
            var t0 = Stopwatch.GetTimestamp();
            var status = await SendAsync(client, root, id);
            var ms = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            if (status == HttpStatusCode.OK)
            {
                mine.Add(ms);
            }
            else
            {
                Interlocked.Increment(ref failures);
            }
        }
    })));
    return ([.. all.SelectMany(l => l)], failures, Stopwatch.GetElapsedTime(started));
}

static async Task<HttpStatusCode> SendAsync(HttpClient client, string root, string id)
{
    var path = $"/api/cards/hubspot?objectType=companies&objectId={id}&portalId=7654321&userId=1";
    var timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
    using var request = new HttpRequestMessage(HttpMethod.Get, path);
    request.Headers.Add(HubSpotSignature.TimestampHeader, timestamp);
    request.Headers.Add(HubSpotSignature.SignatureHeader, HubSpotSignature.ComputeV3("GET", root.TrimEnd('/') + path, [], timestamp, Secret));
    using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead);
    return response.StatusCode;
}

int Arg(string name, int fallback) => ArgText(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

string? ArgText(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

