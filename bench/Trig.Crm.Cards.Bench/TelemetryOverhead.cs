using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Trig.Crm.Engine.Cycle;
using Trig.Crm.Engine.Demo;
using Trig.Crm.HubSpot.Webhooks;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Store;
using Trig.Crm.Worker.Hosting;

/// <summary>
/// The cost of the instrumentation: the same workload through the composition with <c>Trig:Telemetry:Enabled=false</c>
/// (no SDK: the instruments and activity sources have no listener) and with telemetry on (metrics, traces collected,
/// Prometheus exporter), in alternating rounds in one process, so machine load affects both alike. Each round builds
/// its own host and disposes it: two live hosts would share the process-wide activity sources and meters, and the
/// "off" host would pay for the "on" host's listeners.
/// </summary>
internal static class TelemetryOverhead
{
    private static readonly string[] Off = ["--Trig:Telemetry:Enabled=false"];

    // Traces on without an exporter: every span is created, sampled and ended (what an OTLP exporter then ships
    // from its own thread).
    private static readonly string[] On = ["--Trig:Telemetry:Enabled=true", "--Trig:Telemetry:Traces=true", "--Trig:Telemetry:Prometheus=true"];

    /// <summary>Signed card requests over HTTP (Kestrel, ASP.NET Core and the card metric), off and on, <paramref name="rounds"/> times each.</summary>
    public static async Task<int> CardsAsync(string[] config, int organisations, int concurrency, int seconds, int rounds, string secret)
    {
        Console.WriteLine($"Telemetry overhead, cards: {rounds} rounds of {seconds} s per mode at concurrency {concurrency}, {organisations} organisations");
        var results = new Dictionary<string, List<(double Rps, double P50, double P99)>> { ["off"] = [], ["on"] = [] };
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var (mode, extra) in new[] { ("off", Off), ("on", On) })
            {
                var r = await CardRoundAsync([.. config, .. extra], organisations, concurrency, seconds, secret);
                results[mode].Add(r);
                Console.WriteLine($"  round {round} {mode,-3}  {r.Rps,7:0} requests/s  p50 {r.P50,6:0.00} ms  p99 {r.P99,6:0.00} ms");
            }
        }

        var off = Median(results["off"].Select(r => r.Rps));
        var on = Median(results["on"].Select(r => r.Rps));
        var p50Off = Median(results["off"].Select(r => r.P50));
        var p50On = Median(results["on"].Select(r => r.P50));
        Console.WriteLine($"cards median throughput: off {off:0}/s, on {on:0}/s; on/off time per request = {off / on:0.000}");
        Console.WriteLine($"cards median p50: off {p50Off:0.00} ms, on {p50On:0.00} ms; ratio {p50On / p50Off:0.000}");
        return 0;
    }

    /// <summary>
    /// <c>sync --once</c>'s full cycle (pull from the local CRM, evaluate, commit, push, dispatch) over a demo store,
    /// off and on; <paramref name="cycles"/> cycles per host after one warm-up cycle, <paramref name="rounds"/> hosts per mode.
    /// </summary>
    public static async Task<int> CycleAsync(string[] config, int rounds, int cycles)
    {
        Console.WriteLine($"Telemetry overhead, full cycle: {rounds} rounds × {cycles} cycles per mode");
        var results = new Dictionary<string, List<double>> { ["off"] = [], ["on"] = [] };
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var (mode, extra) in new[] { ("off", Off), ("on", On) })
            {
                using var host = TrigHost.BuildCli([.. config, .. extra]);
                // As trig run's hosted service does: the providers exist (and listen) only once resolved.
                var meters = host.Services.GetService<MeterProvider>();
                var tracer = host.Services.GetService<TracerProvider>();
                var cycle = host.Services.GetRequiredService<FullCycle>();
                await cycle.RunAsync(new FullCycleRequest(Metrics: false), default); // warm-up
                var times = new List<double>();
                for (var i = 0; i < cycles; i++)
                {
                    var sw = Stopwatch.StartNew();
                    var report = await cycle.RunAsync(new FullCycleRequest(Metrics: false), default);
                    times.Add(sw.Elapsed.TotalMilliseconds);
                    if (i == 0 && round == 1)
                    {
                        Console.WriteLine($"  ({mode}: {report.EntitiesEvaluated} entities evaluated per cycle; SDK {(meters is null ? "off" : "on")}, tracing {(tracer is null ? "off" : "on")})");
                    }
                }

                results[mode].AddRange(times);
                Console.WriteLine($"  round {round} {mode,-3}  median {Median(times),8:0.0} ms  ({string.Join(", ", times.Select(t => t.ToString("0", CultureInfo.InvariantCulture)))})");
            }
        }

        var off = Median(results["off"]);
        var on = Median(results["on"]);
        Console.WriteLine($"full cycle median: off {off:0.0} ms, on {on:0.0} ms; on/off = {on / off:0.000}");
        return 0;
    }

    /// <summary>A demo store (the <c>trig demo</c> code path) at <paramref name="storePath"/>, built once and reused.</summary>
    public static async Task BuildDemoStoreAsync(string[] config, string storePath, int organisations)
    {
        using var host = TrigHost.BuildCli([.. config, .. Off]);
        var store = host.Services.GetRequiredService<ITrigStore>();
        await store.MigrateAsync(default);
        if (await store.CountAsync(EntityKind.Organisation, default) == organisations && await store.GetCheckpointAsync("demo:anchor", default) is not null)
        {
            Console.WriteLine($"Reusing the demo store {storePath}");
            return;
        }

        var sw = Stopwatch.StartNew();
        await host.Services.GetRequiredService<DemoRunner>().RunAsync(organisations, null, default);
        Console.WriteLine($"Demo store of {organisations} organisations built in {sw.Elapsed.TotalSeconds:0.0} s");
    }

    private static async Task<(double Rps, double P50, double P99)> CardRoundAsync(string[] config, int organisations, int concurrency, int seconds, string secret)
    {
        var app = TrigHost.BuildWeb(config, b =>
        {
            foreach (var d in b.Services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType?.Name is "QuartzHostedService" or "FastPathService" or "IngestFastPathService").ToList())
            {
                b.Services.Remove(d);
            }
        });
        await app.StartAsync();
        try
        {
            var root = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, UseProxy = false }) { BaseAddress = new Uri(root) };
            await LoadAsync(http, root, organisations, concurrency, TimeSpan.FromSeconds(2), secret); // warm-up
            var (latencies, elapsed) = await LoadAsync(http, root, organisations, concurrency, TimeSpan.FromSeconds(seconds), secret);
            // One scrape, so the "on" round also pays for a collection as a monitored service does.
            using var scrape = await http.GetAsync("/metrics");
            latencies.Sort();
            double P(double q) => latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(q * latencies.Count) - 1)];
            return (latencies.Count / elapsed.TotalSeconds, P(0.50), P(0.99));
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    internal static async Task<(List<double> Latencies, TimeSpan Elapsed)> LoadAsync(HttpClient client, string root, int organisations, int workers, TimeSpan duration, string secret)
    {
        var all = new List<double>[workers];
        var started = Stopwatch.GetTimestamp();
        var end = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            var rng = new Random(w);
            var mine = all[w] = new List<double>(4096);
            while (Stopwatch.GetTimestamp() < end)
            {
                var t0 = Stopwatch.GetTimestamp();
                var status = await SendAsync(client, root, $"org-{rng.Next(1, organisations + 1):0000}", secret);
                if (status != HttpStatusCode.OK)
                {
                    throw new InvalidOperationException($"a card request answered {(int)status}");
                }

                mine.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
            }
        })));
        return ([.. all.SelectMany(l => l)], Stopwatch.GetElapsedTime(started));
    }

    internal static async Task<HttpStatusCode> SendAsync(HttpClient client, string root, string id, string secret)
    {
        var path = $"/api/cards/hubspot?objectType=companies&objectId={id}&portalId=7654321&userId=1";
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add(HubSpotSignature.TimestampHeader, timestamp);
        request.Headers.Add(HubSpotSignature.SignatureHeader, HubSpotSignature.ComputeV3("GET", root.TrimEnd('/') + path, [], timestamp, secret));
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead);
        return response.StatusCode;
    }

    internal static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
