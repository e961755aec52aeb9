// Ingest throughput: the trig run web host in-process on loopback Kestrel (temp SQLite store, fast path on),
// N concurrent HttpClients posting /v1/batch of S track events to known people. Prints events/s.
//   dotnet run -c Release --project bench/Trig.Crm.Ingest.Bench -- [--clients 4] [--batches 400] [--size 250] [--people 5000]
//     [--wake 1] [--fastpathms 500] [--gap 0] [--storeonly 0] [--warmup 40]   (wake/fastpathms/gap: the fast path's settings; storeonly 1
//     first times the store's write path alone)
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Data.Sqlite;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Store;
using Trig.Crm.Worker.Hosting;

var opts = Parse(args);
int clients = opts.GetValueOrDefault("clients", 4), batches = opts.GetValueOrDefault("batches", 400), size = opts.GetValueOrDefault("size", 250), people = opts.GetValueOrDefault("people", 5000);
var dir = Path.Combine(Path.GetTempPath(), "trig-ingest-bench-" + Guid.NewGuid().ToString("N")[..8]);
Directory.CreateDirectory(Path.Combine(dir, "lifecycle"));
File.WriteAllText(Path.Combine(dir, "lifecycle", "schema.yaml"), "schema:\n  organisation:\n    name: string\n  person:\n    email: string\n  events:\n    - login\n    - activated\n");
File.WriteAllText(Path.Combine(dir, "lifecycle", "behaviours.yaml"), "behaviours:\n  - key: activation\n    name: Activation\n    entity: organisation\n    audience: [ activated occurred ]\n");
int port;
using (var l = new TcpListener(IPAddress.Loopback, 0))
{
    l.Start();
    port = ((IPEndPoint)l.LocalEndpoint).Port;
}

const string Key = "bench-key";
var app = TrigHost.BuildWeb(
[
    $"--Trig:Store:ConnectionString=Data Source={Path.Combine(dir, "trig.db")}",
    $"--Trig:Definitions:Path={Path.Combine(dir, "lifecycle")}",
    $"--Trig:Http:Urls=http://127.0.0.1:{port}",
    $"--Trig:Ingest:WriteKey={Key}",
    "--Trig:Schedule:Cycle=0 0 0 1 1 ? 2099",
    "--Logging:LogLevel:Default=Warning",
    "--Logging:LogLevel:Trig.Crm.Actions=Error",
    $"--Trig:Ingest:WakeFastPath={opts.GetValueOrDefault("wake", 1) == 1}",
    $"--Trig:Schedule:FastPathMilliseconds={opts.GetValueOrDefault("fastpathms", 500)}",
    $"--Trig:Ingest:MinWakeGapMilliseconds={opts.GetValueOrDefault("gap", 0)}",
]);
await app.StartAsync();
var store = app.Services.GetRequiredService<ITrigStore>();
var orgs = Math.Max(1, people / 10);
await store.UpsertAsync([.. Enumerable.Range(0, orgs).Select(i => new CrmRecord(EntityKind.Organisation, $"o{i}", null, new Dictionary<string, AttributeValue>()))], default);
await store.UpsertAsync([.. Enumerable.Range(0, people).Select(i => new CrmRecord(EntityKind.Person, $"p{i}", $"o{i % orgs}", new Dictionary<string, AttributeValue>()))], default);

if (opts.GetValueOrDefault("storeonly", 0) == 1)
{
    // The store's write path alone (no HTTP, no JSON): batches of `size` messages, one transaction each.
    var identity = new Trig.Crm.Store.Ingest.IngestIdentity();
    var msgs = Enumerable.Range(0, batches).Select(b => Enumerable.Range(0, size).Select(i => new Trig.Crm.Store.Ingest.IngestMessage(
        Trig.Crm.Store.Ingest.IngestType.Track, $"s{b}-{i}", $"p{(b * size + i) % people}", null, null, "login", null, "{\"i\":1}", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch)).ToList()).ToList();
    var swStore = Stopwatch.StartNew();
    foreach (var m in msgs)
    {
        await store.IngestAsync(m, identity, default);
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"store only: {batches * size} events in {swStore.Elapsed.TotalSeconds:0.00} s = {batches * size / swStore.Elapsed.TotalSeconds:0} events/s"));
}

// Bodies are built up front so the clock measures the server, not string building.
var bodies = Enumerable.Range(0, batches).Select(b => Encoding.UTF8.GetBytes("{\"batch\":[" + string.Join(',', Enumerable.Range(0, size).Select(i =>
    $$"""{"type":"track","userId":"p{{(b * size + i) % people}}","event":"login","properties":{"i":{{i}},"path":"/app/projects"},"timestamp":"2026-01-01T00:00:00Z","messageId":"b{{b}}-{{i}}"}""")) + "]}")).ToArray();
Console.WriteLine($"{clients} clients, {batches} batches x {size} events ({bodies.Sum(b => b.Length) / batches / 1024} KB each), {people} people in {orgs} organisations");

var auth = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(Key + ":")));

// Warm-up (not measured, not counted): JIT tiering and first-request costs would otherwise land in the figure.
var warmup = opts.GetValueOrDefault("warmup", 40);
using (var wh = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") })
{
    wh.DefaultRequestHeaders.Authorization = auth;
    for (var w = 0; w < warmup; w++)
    {
        var body = Encoding.UTF8.GetBytes("{\"batch\":[" + string.Join(',', Enumerable.Range(0, size).Select(i =>
            $$"""{"type":"track","userId":"p{{(w * size + i) % people}}","event":"login","properties":{"i":{{i}}},"timestamp":"2026-01-01T00:00:00Z","messageId":"warm{{w}}-{{i}}"}""")) + "]}");
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");
        (await wh.PostAsync("/v1/batch", content)).EnsureSuccessStatusCode();
    }
}

var next = -1;
var failures = 0;
var latencies = new List<double>();
var sw = Stopwatch.StartNew();
await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
{
    using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
    http.DefaultRequestHeaders.Authorization = auth;
    int b;
    while ((b = Interlocked.Increment(ref next)) < batches)
    {
        var t = Stopwatch.StartNew();
        var content = new ByteArrayContent(bodies[b]);
        content.Headers.ContentType = new("application/json");
        var r = await http.PostAsync("/v1/batch", content);
        if (r.StatusCode != HttpStatusCode.OK)
        {
            Interlocked.Increment(ref failures);
        }

        lock (latencies)
        {
            latencies.Add(t.Elapsed.TotalMilliseconds);
        }
    }
}));
sw.Stop();

long stored;
await using (var c = new SqliteConnection($"Data Source={Path.Combine(dir, "trig.db")}"))
{
    await c.OpenAsync();
    await using var cmd = c.CreateCommand();
    cmd.CommandText = "SELECT COUNT(*) FROM events WHERE message_id LIKE 'b%'"; // the measured batches only
    stored = (long)(await cmd.ExecuteScalarAsync())!;
}

var events = (double)batches * size;
latencies.Sort();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{events:0} events in {sw.Elapsed.TotalSeconds:0.00} s = {events / sw.Elapsed.TotalSeconds:0} events/s; stored {stored}; failed batches {failures}; batch latency p50 {latencies[latencies.Count / 2]:0.0} ms, p95 {latencies[(int)(latencies.Count * 0.95)]:0.0} ms"));
await app.StopAsync();
await app.DisposeAsync();
SqliteConnection.ClearAllPools();
Directory.Delete(dir, recursive: true);
return stored == batches * size && failures == 0 ? 0 : 1;

static Dictionary<string, int> Parse(string[] args)
{
    var d = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
    for (var i = 0; i + 1 < args.Length; i += 2)
    {
        d[args[i].TrimStart('-')] = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
    }

    return d;
}
