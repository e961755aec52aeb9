using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Trig.Crm.Engine.Definitions;
using Trig.Crm.Engine.Demo;
using Trig.Crm.Store;
using Trig.Crm.Worker.Hosting;

// Authoring benchmark: POST /api/admin/definitions/apply?dryRun=true with a one-definition document (the preview
// of what it would do now, evaluated over every organisation, nothing stored), through the trig run web host on
// loopback, over the demo store and over N synthetic organisations (the insights bench's generator).
//   dotnet run -c Release --project bench/Trig.Crm.Authoring.Bench -- --organisations 100000 --demo 500 --runs 5
var n = Arg("--organisations", 100_000);
var demoOrganisations = Arg("--demo", 500);
var runs = Arg("--runs", 5);
const string AdminKey = "authoring-bench-admin-key-0123456789";
const string Document = """
    behaviours:
      - key: bench_active_subscription
        name: Active subscription
        entity: organisation
        audience: [ subscription_status = active ]
        on_entry:
          - slack: { channel: "#cs-bench", text: "{name} is active" }
    """;
var samples = SampleLifecycle();
var dir = Directory.CreateTempSubdirectory("trig-authoring-bench-").FullName;
Console.WriteLine($"Trig.Crm authoring benchmark: apply?dryRun=true, one behaviour; {Environment.ProcessorCount} cores, {runs} timed runs after one warm-up");
try
{
    await ScenarioAsync($"demo ({demoOrganisations} organisations)", Path.Combine(dir, "demo.db"), async sp =>
        await sp.GetRequiredService<DemoRunner>().RunAsync(demoOrganisations, null, default));
    await ScenarioAsync($"synthetic ({n:N0} organisations)", Path.Combine(dir, "synthetic.db"), async sp =>
        await SyntheticStore.WriteAsync(sp.GetRequiredService<DefinitionCatalog>().Reload()!, $"Data Source={Path.Combine(dir, "synthetic.db")}", n));
}
finally
{
    SqliteConnection.ClearAllPools();
    Directory.Delete(dir, recursive: true);
}

async Task ScenarioAsync(string name, string db, Func<IServiceProvider, Task> fill)
{
    string[] config =
    [
        $"--Trig:Store:ConnectionString=Data Source={db}", $"--Trig:Definitions:Path={samples}", $"--Trig:Admin:ApiKey={AdminKey}",
        "--Trig:Http:Urls=http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning",
    ];
    var sw = Stopwatch.StartNew();
    using (var cli = TrigHost.BuildCli(config))
    {
        await cli.Services.GetRequiredService<ITrigStore>().MigrateAsync(default);
        await fill(cli.Services);
    }

    Console.WriteLine($"\n{name}: store filled in {sw.Elapsed.TotalSeconds:0.0} s ({new FileInfo(db).Length / 1048576d:0} MB)");
    await using var app = TrigHost.BuildWeb(config, b =>
    {
        // Only the HTTP API: no cycles or fast path competing for the cores during the measurement.
        foreach (var d in b.Services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType?.Name is "QuartzHostedService" or "FastPathService" or "IngestFastPathService").ToList())
        {
            b.Services.Remove(d);
        }
    });
    await app.StartAsync();
    var root = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    using var http = new HttpClient { BaseAddress = new Uri(root), Timeout = TimeSpan.FromMinutes(10) };
    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
    var times = new List<double>();
    string summary = "";
    for (var i = 0; i <= runs; i++)
    {
        sw.Restart();
        using var response = await http.PostAsync("/api/admin/definitions/apply?dryRun=true", new StringContent(Document, Encoding.UTF8, "application/yaml"));
        var body = await response.Content.ReadAsStringAsync();
        var ms = sw.Elapsed.TotalMilliseconds;
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"apply answered {(int)response.StatusCode}: {body}");
        }

        if (i == 0)
        {
            using var json = JsonDocument.Parse(body);
            var preview = json.RootElement.GetProperty("preview");
            var entered = preview.GetProperty("definitions").EnumerateArray().Sum(d => d.GetProperty("enter").GetProperty("count").GetInt32());
            summary = $"{preview.GetProperty("entitiesEvaluated").GetInt32():N0} entities evaluated, {entered:N0} would enter, {preview.GetProperty("actionCount").GetInt32():N0} actions would fire; published {json.RootElement.GetProperty("published").GetBoolean()}";
            Console.WriteLine($"first (cold) {ms,9:0.0} ms: {summary}");
        }
        else
        {
            times.Add(ms);
        }
    }

    times.Sort();
    Console.WriteLine($"apply?dryRun=true over {name}: median {times[times.Count / 2],9:0.0} ms, min {times[0]:0.0} ms, max {times[^1]:0.0} ms");
    await app.StopAsync();
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
