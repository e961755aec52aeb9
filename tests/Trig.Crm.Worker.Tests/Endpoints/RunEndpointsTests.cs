using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Trig.Crm.Engine.Cycle;
using Trig.Crm.Engine.Definitions;
using Trig.Crm.Testing.Stores;
using Trig.Crm.Worker.Tests.Support;

namespace Trig.Crm.Worker.Tests.Endpoints;

/// <summary>
/// <c>GET /api/admin/runs</c> (the run history), the freshness in <c>GET /api/admin/definitions</c>, and
/// <c>GET /api/admin/cluster</c> (the cluster status).
/// </summary>
public sealed class RunEndpointsTests : IAsyncLifetime
{
    private readonly TempStore _store = new("runs");
    private TrigWebHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await HardenedHost.StartAsync(_store, "local");
        Assert.NotNull(_host.Get<DefinitionCatalog>().Reload());
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _store.Dispose();
    }

    private async Task<(HttpStatusCode Status, JsonNode? Body)> GetAsync(string path, bool admin = true)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (admin)
        {
            request.Headers.Authorization = HardenedHost.AdminBearer;
        }

        var response = await _host.Client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonNode>());
    }

    [Fact]
    public async Task Runs_NewestFirstWithOutcomeAndCounts_DefinitionsShowFreshness()
    {
        await _host.Get<FullCycle>().RunAsync(new FullCycleRequest(), default);
        _host.Time.Advance(TimeSpan.FromMinutes(40)); // past twice the 15-minute schedule
        await _host.Get<FullCycle>().RunAsync(new FullCycleRequest(), default);
        _host.Time.Advance(TimeSpan.FromMinutes(5));

        var (status, runs) = await GetAsync("/api/admin/runs");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2, runs!.AsArray().Count);
        Assert.Equal(HardenedHost.Now.AddMinutes(40), runs[0]!["startedAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal(HardenedHost.Now, runs[1]!["startedAt"]!.GetValue<DateTimeOffset>());
        Assert.All(runs.AsArray(), r => Assert.Equal(("full", "ok"), (r!["kind"]!.GetValue<string>(), r["outcome"]!.GetValue<string>())));
        Assert.Single((await GetAsync("/api/admin/runs?limit=1")).Body!.AsArray());
        Assert.Equal(HttpStatusCode.BadRequest, (await GetAsync("/api/admin/runs?limit=0")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync("/api/admin/runs", admin: false)).Status);

        var (_, definitions) = await GetAsync("/api/admin/definitions");
        var fresh = definitions!.AsArray().Single(d => d!["key"]!.GetValue<string>() == "big_account")!["freshness"]!;
        Assert.Equal(HardenedHost.Now.AddMinutes(40), fresh["evaluatedAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal(300, fresh["ageSeconds"]!.GetValue<double>());
        Assert.False(fresh["stale"]!.GetValue<bool>());

        _host.Time.Advance(TimeSpan.FromMinutes(30)); // 35 min > 2 × 15 min
        (_, definitions) = await GetAsync("/api/admin/definitions");
        Assert.True(definitions!.AsArray().Single(d => d!["key"]!.GetValue<string>() == "big_account")!["freshness"]!["stale"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Cluster_ListsTheClosedCyclesNewestFirst_NoOpenCycle_InMemorySchedulerOnSqlite_AdminOnly()
    {
        await _host.Get<FullCycle>().RunAsync(new FullCycleRequest(), default);
        _host.Time.Advance(TimeSpan.FromMinutes(20));
        await _host.Get<FullCycle>().RunAsync(new FullCycleRequest(), default);

        var (status, cluster) = await GetAsync("/api/admin/cluster");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("in_memory", cluster!["scheduler"]!.GetValue<string>());
        Assert.Empty(cluster["nodes"]!.AsArray());
        Assert.Null(cluster["openCycle"]);
        var recent = cluster["recentCycles"]!.AsArray();
        Assert.Equal(2, recent.Count);
        Assert.Equal(HardenedHost.Now.AddMinutes(20), recent[0]!["asOf"]!.GetValue<DateTimeOffset>());
        Assert.Equal(HardenedHost.Now, recent[1]!["asOf"]!.GetValue<DateTimeOffset>());
        // Both cycles were opened by this host's node and closed at the time each ran (the fake clock).
        Assert.Equal(recent[0]!["openedBy"]!.GetValue<string>(), recent[1]!["openedBy"]!.GetValue<string>());
        Assert.Equal(HardenedHost.Now.AddMinutes(20), recent[0]!["closedAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync("/api/admin/cluster", admin: false)).Status);
    }
}
