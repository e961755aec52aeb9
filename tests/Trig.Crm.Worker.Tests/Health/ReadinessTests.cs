using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Trig.Crm.Engine.Cycle;
using Trig.Crm.Engine.Definitions;
using Trig.Crm.Store;
using Trig.Crm.Store.Sqlite;
using Trig.Crm.Testing.Stores;
using Trig.Crm.Worker.Tests.Endpoints;
using Trig.Crm.Worker.Tests.Support;

namespace Trig.Crm.Worker.Tests.Health;

/// <summary>
/// <c>/health/ready</c> on the health-check framework: the last-cycle check against the schedule on a fake clock, and
/// a full disk (SQLITE_FULL from SQLite itself, by <c>PRAGMA max_page_count</c>) turning ingest into 503 and
/// readiness Unhealthy until a write succeeds.
/// </summary>
public sealed class ReadinessTests : IAsyncLifetime
{
    private readonly TempStore _store = new("ready");
    private TrigWebHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await HardenedHost.StartAsync(_store, "local"); // default schedule: every 15 minutes
        Assert.NotNull(_host.Get<DefinitionCatalog>().Reload());
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _store.Dispose();
    }

    private async Task<(HttpStatusCode Status, JsonObject Body)> ReadyAsync(bool admin = true)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/ready");
        if (admin)
        {
            request.Headers.Authorization = HardenedHost.AdminBearer;
        }

        var response = await _host.Client.SendAsync(request);
        return (response.StatusCode, (await response.Content.ReadFromJsonAsync<JsonObject>())!);
    }

    private static string Check(JsonObject body, string name) => body["checks"]![name]!["status"]!.GetValue<string>();

    [Fact]
    public async Task LastCycle_HealthyThenDegradedPast2xThenUnhealthyPast4x_ThenHealthyAfterACycle()
    {
        await _host.Get<FullCycle>().RunAsync(new FullCycleRequest(), default);
        var (status, body) = await ReadyAsync();
        Assert.Equal((HttpStatusCode.OK, "healthy"), (status, Check(body, "last_cycle")));
        Assert.Equal("healthy", body["status"]!.GetValue<string>());

        _host.Time.Advance(TimeSpan.FromMinutes(31)); // > 2 × 15 min
        (status, body) = await ReadyAsync();
        Assert.Equal((HttpStatusCode.OK, "degraded", "degraded"), (status, body["status"]!.GetValue<string>(), Check(body, "last_cycle")));

        _host.Time.Advance(TimeSpan.FromMinutes(30)); // 61 min > 4 × 15 min
        (status, body) = await ReadyAsync();
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "unhealthy", "unhealthy"), (status, body["status"]!.GetValue<string>(), Check(body, "last_cycle")));
        var (anonymousStatus, anonymous) = await ReadyAsync(admin: false);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, anonymousStatus);
        Assert.Equal(["status"], anonymous.Select(p => p.Key));

        await _host.Get<FullCycle>().RunAsync(new FullCycleRequest(), default);
        (status, body) = await ReadyAsync();
        Assert.Equal((HttpStatusCode.OK, "healthy", "healthy"), (status, body["status"]!.GetValue<string>(), Check(body, "last_cycle")));
        Assert.Equal(["crm_quota", "definitions", "last_cycle", "outbox", "store", "store_writes"], body["checks"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task DiskFull_IngestAnswers503WithRetryAfter_ReadyIsUnhealthyWithTheReason_UntilAWriteSucceeds()
    {
        Assert.Equal(HttpStatusCode.OK, (await IngestAsync("before")).StatusCode);
        var sqlite = (SqliteStore)_host.Get<ITrigStore>();
        sqlite.OpenPragmaForTests = $"PRAGMA max_page_count = {await PageCountAsync(sqlite)};";

        var refused = await IngestAsync("full");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter?.Delta);
        var problem = (await refused.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(503, problem["status"]!.GetValue<int>());
        Assert.Contains("retry later", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        var (status, body) = await ReadyAsync();
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "unhealthy"), (status, Check(body, "store_writes")));
        Assert.Contains("full", body["checks"]!["store_writes"]!["description"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
        var (_, anonymous) = await ReadyAsync(admin: false);
        Assert.Equal(["status"], anonymous.Select(p => p.Key));

        // Nothing of the refused call was stored.
        sqlite.OpenPragmaForTests = "PRAGMA max_page_count = 1073741823;";
        Assert.Equal(200, await StoredAsync(sqlite, "before"));
        Assert.Equal(0, await StoredAsync(sqlite, "full"));
        Assert.Equal(HttpStatusCode.OK, (await IngestAsync("after")).StatusCode);
        (status, body) = await ReadyAsync();
        Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
        Assert.Equal("healthy", Check(body, "store_writes"));
    }

    private async Task<HttpResponseMessage> IngestAsync(string tag)
    {
        // Enough rows (and bytes) that the write needs new pages.
        var batch = new JsonArray([.. Enumerable.Range(0, 200).Select(i => (JsonNode)new JsonObject
        {
            ["type"] = "track",
            ["userId"] = $"person-{i}",
            ["event"] = $"{tag}-{i}",
            ["properties"] = new JsonObject { ["padding"] = new string('x', 400) },
            ["messageId"] = $"{tag}-{i}",
        })]);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/batch")
        {
            Content = new StringContent(new JsonObject { ["batch"] = batch }.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = HardenedHost.WriteKeyBasic;
        return await _host.Client.SendAsync(request);
    }

    private static Task<long> StoredAsync(SqliteStore store, string tag) => CountAsync(store,
        $"SELECT COUNT(*) FROM (SELECT message_id FROM ingest_messages WHERE message_id LIKE '{tag}-%' UNION SELECT message_id FROM ingest_pending WHERE message_id LIKE '{tag}-%')");

    private static async Task<long> PageCountAsync(SqliteStore store) => await CountAsync(store, "PRAGMA page_count");

    private static async Task<long> CountAsync(SqliteStore store, string sql)
    {
        await using var c = await store.OpenAsync(default);
        using var q = c.CreateCommand();
        q.CommandText = sql;
        return (long)(await q.ExecuteScalarAsync())!;
    }
}
