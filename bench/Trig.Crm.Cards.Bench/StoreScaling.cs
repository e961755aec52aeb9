using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Npgsql;
using Trig.Crm.Store.Postgres;
using Trig.Crm.Testing.Prerequisites;
using Trig.Crm.Worker.Hosting;

/// <summary>
/// Whether a card's cost depends on the store's size: signed card requests over HTTP against one web host per store
/// (SQLite, PostgreSQL) and size, all started in this process, measured in rounds that alternate sizes and stores so
/// load swings from other work hit every configuration alike. The figure is each size's p50 and time per request
/// over the smallest size's on the same store (≈ 1.0 means size-independent).
/// The PostgreSQL stores are copies of the SQLite ones made by <c>trig store copy</c>'s code path, one database per
/// size, on a throwaway server started from the installed binaries (or the server of <c>--pg</c>).
/// </summary>
internal static class StoreScaling
{
    private static readonly string[] Stores = ["sqlite", "postgres"];

    public static async Task<int> RunAsync(string[] config, IReadOnlyList<int> sizes, int concurrency, int seconds, int rounds, string? pg, string secret, bool explain)
    {
        Console.WriteLine($"Card cost vs store size: sizes {string.Join(", ", sizes)}; concurrency {concurrency}; {rounds} rounds of {seconds} s; load average {LoadAverage()}");
        var sqlite = sizes.ToDictionary(n => n, n => Path.Combine(Path.GetTempPath(), "trig-cards-bench", $"cards-{n}.db"));
        foreach (var n in sizes)
        {
            await CardStore.BuildAsync([$"--Trig:Store:ConnectionString=Data Source={sqlite[n]}", .. config], sqlite[n], n);
        }

        SqliteConnection.ClearAllPools();
        PostgresServer? server = null;
        var hosts = new List<Target>();
        try
        {
            string admin;
            if (pg is not null)
            {
                admin = pg;
            }
            else
            {
                server = await PostgresServer.StartAsync();
                admin = server.ConnectionString();
                Console.WriteLine($"Started a throwaway PostgreSQL on port {server.Port}");
            }

            var postgres = new Dictionary<int, string>();
            foreach (var n in sizes)
            {
                postgres[n] = await CopyToPostgresAsync(admin, sqlite[n], n);
            }

            foreach (var n in sizes)
            {
                hosts.Add(await Target.StartAsync("sqlite", n, [$"--Trig:Store:ConnectionString=Data Source={sqlite[n]}", .. config], concurrency, secret));
                hosts.Add(await Target.StartAsync("postgres", n, ["--Trig:Store:Provider=postgres", $"--Trig:Store:ConnectionString={postgres[n]}", .. config], concurrency, secret));
            }

            await MeasureAsync(hosts, sizes, concurrency, seconds, rounds, secret);
            Report(hosts, sizes, concurrency);
            if (explain)
            {
                await ExplainAsync(postgres[sizes.Max()], sizes.Max());
            }

            Console.WriteLine($"load average at the end: {LoadAverage()}");
            return 0;
        }
        finally
        {
            foreach (var h in hosts)
            {
                await h.DisposeAsync();
            }

            NpgsqlConnection.ClearAllPools();
            if (server is not null)
            {
                await server.DisposeAsync();
            }
        }
    }

    /// <summary>A fresh database per size (dropped first: the bench owns databases named trig_cards_bench_N) filled by the store copy.</summary>
    private static async Task<string> CopyToPostgresAsync(string admin, string sqlitePath, int n)
    {
        var database = $"trig_cards_bench_{n}";
        await using (var c = new NpgsqlConnection(admin))
        {
            await c.OpenAsync();
            foreach (var sql in new[] { $"DROP DATABASE IF EXISTS {database} WITH (FORCE)", $"CREATE DATABASE {database}" })
            {
                await using var cmd = new NpgsqlCommand(sql, c);
                await cmd.ExecuteNonQueryAsync();
            }
        }

        var target = new NpgsqlConnectionStringBuilder(admin) { Database = database, Pooling = true, Timeout = 60, CommandTimeout = 0 }.ConnectionString;
        var started = TimeProvider.System.GetTimestamp();
        var reports = await SqliteToPostgresCopy.CopyAsync($"Data Source={sqlitePath}", target, null, default);
        if (!reports.All(r => r.Matches))
        {
            throw new InvalidOperationException($"the store copy of {sqlitePath} does not match its source");
        }

        Console.WriteLine($"Copied {sqlitePath} to PostgreSQL database {database}: {reports.Sum(r => r.SourceRows):N0} rows in {TimeProvider.System.GetElapsedTime(started).TotalSeconds:0.0} s");
        return target;
    }

    private static async Task MeasureAsync(List<Target> hosts, IReadOnlyList<int> sizes, int concurrency, int seconds, int rounds, string secret)
    {
        for (var round = 1; round <= rounds; round++)
        {
            // Odd rounds go small to large, SQLite first; even rounds the reverse, so neither side always runs first.
            var order = round % 2 == 1 ? sizes : sizes.Reverse().ToList();
            var stores = round % 2 == 1 ? Stores : Stores.Reverse().ToArray();
            foreach (var n in order)
            {
                foreach (var s in stores)
                {
                    var h = hosts.Single(x => x.Store == s && x.Size == n);
                    await TelemetryOverhead.LoadAsync(h.Http, h.Root, n, concurrency, TimeSpan.FromSeconds(round == 1 ? 3 : 1), secret); // warm-up
                    var (latencies, elapsed) = await TelemetryOverhead.LoadAsync(h.Http, h.Root, n, concurrency, TimeSpan.FromSeconds(seconds), secret);
                    latencies.Sort();
                    var r = new RoundResult(latencies.Count / elapsed.TotalSeconds, Percentile(latencies, 0.50), Percentile(latencies, 0.99));
                    h.Rounds.Add(r);
                    Console.WriteLine($"  round {round} {s,-8} {n,8:N0} orgs  {r.Rps,7:0} requests/s  p50 {r.P50,7:0.00} ms  p99 {r.P99,7:0.00} ms  (load {LoadAverage()})");
                }
            }
        }
    }

    private static void Report(List<Target> hosts, IReadOnlyList<int> sizes, int concurrency)
    {
        Console.WriteLine();
        Console.WriteLine($"Medians of the rounds, concurrency {concurrency}; ratios against the smallest size on the same store");
        Console.WriteLine("(\"paired\": the median over rounds of the ratio within one round, where the two measurements ran minutes apart at most)");
        Console.WriteLine($"| store | organisations | requests/s | p50 | p99 | p50 / smallest | time per request / smallest | paired p50 ratio | paired time ratio |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var s in Stores)
        {
            var smallest = hosts.Single(x => x.Store == s && x.Size == sizes.Min());
            var rps0 = TelemetryOverhead.Median(smallest.Rounds.Select(r => r.Rps));
            var p500 = TelemetryOverhead.Median(smallest.Rounds.Select(r => r.P50));
            foreach (var n in sizes.Order())
            {
                var h = hosts.Single(x => x.Store == s && x.Size == n);
                var rps = TelemetryOverhead.Median(h.Rounds.Select(r => r.Rps));
                var p50 = TelemetryOverhead.Median(h.Rounds.Select(r => r.P50));
                var p99 = TelemetryOverhead.Median(h.Rounds.Select(r => r.P99));
                var pairedP50 = TelemetryOverhead.Median(h.Rounds.Zip(smallest.Rounds, (a, b) => a.P50 / b.P50));
                var pairedTime = TelemetryOverhead.Median(h.Rounds.Zip(smallest.Rounds, (a, b) => b.Rps / a.Rps));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {s} | {n:N0} | {rps:N0} | {p50:0.00} ms | {p99:0.00} ms | {p50 / p500:0.00} | {rps0 / rps:0.00} | {pairedP50:0.00} | {pairedTime:0.00} |"));
            }
        }
    }

    /// <summary>The plans of the reads a card request makes (LoadCardDataAsync, the last cycle's checkpoint), for one organisation.</summary>
    private static async Task ExplainAsync(string connection, int n)
    {
        var id = $"org-{(n / 2) + 1:0000}";
        Console.WriteLine($"\nPostgreSQL plans of the card reads for {id} in the {n:N0}-organisation store:");
        await using var c = new NpgsqlConnection(connection);
        await c.OpenAsync();
        foreach (var sql in new[]
                 {
                     "SELECT kind, id, organisation_id, owner_email, record_url FROM entities WHERE kind = 0 AND id = @id",
                     "SELECT name, type, value FROM attributes WHERE kind = 0 AND entity_id = @id",
                     "SELECT * FROM memberships WHERE kind = 0 AND entity_id = @id",
                     "SELECT * FROM transitions WHERE kind = 0 AND entity_id = @id ORDER BY id DESC LIMIT 10",
                     "SELECT value FROM checkpoints WHERE key = 'cycle:last'",
                 })
        {
            Console.WriteLine($"-- {sql}");
            await using var q = new NpgsqlCommand($"EXPLAIN (ANALYZE, BUFFERS) {sql}", c);
            q.Parameters.AddWithValue("id", id);
            await using var r = await q.ExecuteReaderAsync();
            while (await r.ReadAsync())
            {
                Console.WriteLine($"   {r.GetString(0)}");
            }
        }
    }

    private static double Percentile(List<double> sorted, double q) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private sealed record RoundResult(double Rps, double P50, double P99);

    /// <summary>One web host (HTTP API only) over one store of one size, with its client and its round results.</summary>
    private sealed class Target(string store, int size, WebApplication app, string root, HttpClient http) : IAsyncDisposable
    {
        public string Store { get; } = store;

        public int Size { get; } = size;

        public string Root { get; } = root;

        public HttpClient Http { get; } = http;

        public List<RoundResult> Rounds { get; } = [];

        public static async Task<Target> StartAsync(string store, int size, string[] config, int concurrency, string secret)
        {
            var app = TrigHost.BuildWeb(config, b =>
            {
                // Only the HTTP API: no cycles, fast paths or shard helpers competing for the cores or the store.
                foreach (var d in b.Services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType?.Name is "QuartzHostedService" or "FastPathService" or "IngestFastPathService" or "ShardHelperService").ToList())
                {
                    b.Services.Remove(d);
                }
            });
            await app.StartAsync();
            var root = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, PooledConnectionLifetime = Timeout.InfiniteTimeSpan, UseProxy = false })
            {
                BaseAddress = new Uri(root),
            };
            var target = new Target(store, size, app, root, http);

            // The last organisation must have a card: the store holds every size's organisations.
            var probe = await TelemetryOverhead.SendAsync(http, root, $"org-{size:0000}", secret);
            if (probe != HttpStatusCode.OK)
            {
                await target.DisposeAsync();
                throw new InvalidOperationException($"{store} {size}: the probe card request answered {(int)probe}");
            }

            Console.WriteLine($"Web host over the {store} store of {size:N0} organisations on {root}");
            return target;
        }

        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
