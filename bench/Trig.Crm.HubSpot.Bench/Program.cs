using Microsoft.Extensions.Hosting;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Trig.Crm.HubSpot;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Types;
using WireMock.Util;

// Usage: dotnet run -c Release --project bench/Trig.Crm.HubSpot.Bench -- [--push 10000] [--paced 6000] [--budget 20]
//        [--window-ms 1000] [--companies 50000] [--contacts 200000]
var arguments = Args(args);
var push = arguments.GetValueOrDefault("push", 10_000);
var paced = arguments.GetValueOrDefault("paced", 6_000);
var budget = arguments.GetValueOrDefault("budget", 20);
var windowMs = arguments.GetValueOrDefault("window-ms", 1_000);
var companies = arguments.GetValueOrDefault("companies", 50_000);
var contacts = arguments.GetValueOrDefault("contacts", 200_000);
const string Stamp = "2026-01-05T10:00:00.000Z";

// (a) requests per changed record
using (var server = WireMockServer.Start())
{
    server.Given(Request.Create().WithPath("/crm/v3/objects/*/batch/update").UsingPost())
        .RespondWith(Response.Create().WithCallback(_ => Json(200, new { status = "COMPLETE", results = Array.Empty<object>(), startedAt = Stamp, completedAt = Stamp })));
    using var services = Services(server.Url!, 10_000, TimeSpan.FromSeconds(1));
    var changes = Enumerable.Range(1, push)
        .SelectMany(i => new[]
        {
            new MetadataChange(EntityKind.Organisation, $"{i}", "currently_member_of_onboarding", "true"),
            new MetadataChange(EntityKind.Organisation, $"{i}", "last_entered_onboarding", "2026-01-31T09:00:00.000Z"),
        })
        .ToList();
    var watch = Stopwatch.StartNew();
    var result = await services.GetRequiredService<ICrmMetadataSink>().PushAsync(changes, CancellationToken.None);
    Console.WriteLine($"(a) push {push:N0} changed records ({changes.Count:N0} property changes): {result.Requests} requests = {(double)result.Requests / push:F4} requests per changed record (ideal 0.01); written {result.Written.Count:N0}; {watch.Elapsed.TotalSeconds:F2} s");
}

// (b) achieved rate under a stub enforcing the same budget
using (var server = WireMockServer.Start())
{
    var window = TimeSpan.FromMilliseconds(windowMs);
    var arrivals = new Queue<long>();
    var refused = 0;
    server.Given(Request.Create().WithPath("/crm/v3/objects/*/batch/update").UsingPost())
        .RespondWith(Response.Create().WithCallback(_ =>
        {
            lock (arrivals)
            {
                var now = Stopwatch.GetTimestamp();
                while (arrivals.Count > 0 && Stopwatch.GetElapsedTime(arrivals.Peek(), now) >= window)
                {
                    arrivals.Dequeue();
                }

                if (arrivals.Count >= budget)
                {
                    refused++;
                    return Json(429, new { status = "error", message = "You have reached your ten_secondly_rolling limit.", errorType = "RATE_LIMIT", policyName = "TEN_SECONDLY_ROLLING" });
                }

                arrivals.Enqueue(now);
            }

            return Json(200, new { status = "COMPLETE", results = Array.Empty<object>(), startedAt = Stamp, completedAt = Stamp });
        }));
    using var services = Services(server.Url!, budget, window);
    var changes = Enumerable.Range(1, paced).Select(i => new MetadataChange(EntityKind.Organisation, $"{i}", "current_stage", "x")).ToList();
    var result = await services.GetRequiredService<ICrmMetadataSink>().PushAsync(changes, CancellationToken.None);
    var times = server.LogEntries.Select(e => e.RequestMessage.DateTime).Order().ToList();
    var sustained = (times.Count - budget) / (times[^1] - times[0]).TotalSeconds;
    var per10 = sustained * 10;
    var budgetPer10 = budget * 10_000.0 / windowMs;
    Console.WriteLine($"(b) pacing: {result.Requests} calls, {refused} x 429, sustained {sustained:F2} req/s = {per10:F1} per 10 s vs budget {budgetPer10:F1} per 10 s ({budget} per {windowMs} ms) = {100 * per10 / budgetPer10:F1}% of budget");
}

// (c) full pull
using (var server = WireMockServer.Start())
{
    server.Given(Request.Create().WithPath("/crm/v3/objects/*").UsingGet())
        .RespondWith(Response.Create().WithCallback(req =>
        {
            var type = req.Path.Split('/')[^1];
            var archived = Query(req, "archived") == "true";
            var total = archived ? 0 : type == "companies" ? companies : contacts;
            var after = int.TryParse(Query(req, "after"), CultureInfo.InvariantCulture, out var a) ? a : 0;
            var count = Math.Min(100, total - after);
            var results = Enumerable.Range(after, Math.Max(0, count)).Select(i => new
            {
                id = (type == "companies" ? 1_000_000 + i : 5_000_000 + i).ToString(CultureInfo.InvariantCulture),
                properties = type == "companies"
                    ? new Dictionary<string, string> { ["name"] = $"Company {i}", ["domain"] = $"c{i}.example", ["annualrevenue"] = $"{i * 10}", ["hubspot_owner_id"] = $"{i % 20}", ["lifecyclestage"] = "customer", ["hs_lastmodifieddate"] = Stamp }
                    : new Dictionary<string, string> { ["email"] = $"p{i}@example.com", ["firstname"] = "Pat", ["lastname"] = $"N{i}", ["hubspot_owner_id"] = $"{i % 20}", ["lifecyclestage"] = "lead", ["lastmodifieddate"] = Stamp },
                createdAt = Stamp,
                updatedAt = Stamp,
                archived = false,
            });
            object body = after + count < total
                ? new { results, paging = new { next = new { after = (after + count).ToString(CultureInfo.InvariantCulture) } } }
                : new { results };
            return Json(200, body);
        }));
    server.Given(Request.Create().WithPath("/crm/v3/owners").UsingGet())
        .RespondWith(Response.Create().WithCallback(_ => Json(200, new
        {
            results = Enumerable.Range(0, 20).Select(i => new { id = $"{i}", email = $"owner{i}@example.com", archived = false, type = "PERSON", createdAt = Stamp, updatedAt = Stamp }),
        })));
    server.Given(Request.Create().WithPath("/crm/v4/associations/contacts/companies/batch/read").UsingPost())
        .RespondWith(Response.Create().WithCallback(req =>
        {
            using var doc = JsonDocument.Parse(req.Body!);
            var results = doc.RootElement.GetProperty("inputs").EnumerateArray().Select(i =>
            {
                var id = i.GetProperty("id").GetString()!;
                var company = 1_000_000 + (long.Parse(id, CultureInfo.InvariantCulture) - 5_000_000) % Math.Max(1, companies);
                return new { from = new { id }, to = new[] { new { toObjectId = company, associationTypes = new[] { new { category = "HUBSPOT_DEFINED", typeId = 1, label = "Primary" } } } } };
            }).ToList();
            return Json(200, new { status = "COMPLETE", results, startedAt = Stamp, completedAt = Stamp });
        }));
    using var services = Services(server.Url!, 10_000, TimeSpan.FromSeconds(1));
    var target = new CountingTarget();
    var watch = Stopwatch.StartNew();
    var summary = await services.GetRequiredService<ICrmSource>().PullAsync(target, new CrmPullRequest(Full: true), CancellationToken.None);
    Console.WriteLine($"(c) full pull of {companies:N0} companies + {contacts:N0} contacts from WireMock on loopback: {watch.Elapsed.TotalSeconds:F1} s, {summary.Requests:N0} requests, stored {target.Organisations:N0} organisations / {target.People:N0} people ({target.WithCompany:N0} with a primary company), pacing lifted (10,000 per 1 s)");
}

static ServiceProvider Services(string url, int budget, TimeSpan window)
{
    var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Trig:HubSpot:BaseUrl"] = url,
        ["Trig:HubSpot:AccessToken"] = "pat-bench",
        ["Trig:HubSpot:PortalId"] = "4242",
        ["Trig:HubSpot:RequestsPer10Seconds"] = budget.ToString(CultureInfo.InvariantCulture),
    });
    var services = builder.Services;
    services.AddLogging();
    builder.AddTrigHubSpot();
    services.PostConfigure<HubSpotOptions>(o =>
    {
        o.PacingWindow = window;
        o.SearchRequestsPerSecond = 1_000;
    });
    return services.BuildServiceProvider();
}

static IResponseMessage Json(int status, object body)
{
    var response = new ResponseMessage
    {
        StatusCode = status,
        BodyData = new BodyData { BodyAsString = JsonSerializer.Serialize(body), DetectedBodyType = BodyType.String, Encoding = Encoding.UTF8 },
    };
    response.AddHeader("Content-Type", "application/json");
    return response;
}

static string? Query(IRequestMessage request, string name) =>
    request.Query is not null && request.Query.TryGetValue(name, out var values) ? values.FirstOrDefault() : null;

static Dictionary<string, int> Args(string[] args)
{
    var result = new Dictionary<string, int>(StringComparer.Ordinal);
    for (var i = 0; i + 1 < args.Length; i += 2)
    {
        result[args[i].TrimStart('-')] = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
    }

    return result;
}

/// <summary>An in-memory pull target that keeps only counts.</summary>
internal sealed class CountingTarget : ICrmPullTarget
{
    private readonly Dictionary<string, string> _checkpoints = [];

    public int Organisations { get; private set; }

    public int People { get; private set; }

    public int WithCompany { get; private set; }

    public Task UpsertAsync(IReadOnlyList<CrmRecord> records, CancellationToken cancellationToken)
    {
        foreach (var record in records)
        {
            if (record.Kind == EntityKind.Organisation)
            {
                Organisations++;
            }
            else
            {
                People++;
                WithCompany += record.OrganisationId is null ? 0 : 1;
            }
        }

        return Task.CompletedTask;
    }

    public Task DeleteAsync(EntityKind kind, IReadOnlyList<string> ids, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<string?> GetCheckpointAsync(string key, CancellationToken cancellationToken) => Task.FromResult(_checkpoints.GetValueOrDefault(key));

    public Task SetCheckpointAsync(string key, string value, CancellationToken cancellationToken)
    {
        _checkpoints[key] = value;
        return Task.CompletedTask;
    }
}
