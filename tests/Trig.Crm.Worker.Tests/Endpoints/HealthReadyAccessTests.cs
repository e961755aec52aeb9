using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Trig.Crm.Engine.Definitions;
using Trig.Crm.Testing.Stores;
using Trig.Crm.Worker.Tests.Support;

namespace Trig.Crm.Worker.Tests.Endpoints;

/// <summary><c>/health/ready</c>: anonymous callers see only the status; details (errors with server paths) need admin credentials.</summary>
public sealed class HealthReadyAccessTests : IAsyncLifetime
{
    private readonly TempStore _store = new("health");
    private TrigWebHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await HardenedHost.StartAsync(_store, "hubspot");
        Assert.NotNull(_host.Get<DefinitionCatalog>().Reload());
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _store.Dispose();
    }

    private async Task<(HttpStatusCode Status, JsonObject Body)> ReadyAsync(bool admin)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/health/ready");
        if (admin)
        {
            request.Headers.Authorization = HardenedHost.AdminBearer;
        }

        var response = await _host.Client.SendAsync(request);
        return (response.StatusCode, (await response.Content.ReadFromJsonAsync<JsonObject>())!);
    }

    [Fact]
    public async Task Anonymous_GetsOnlyTheStatus_AdminGetsTheDetails()
    {
        var (status, body) = await ReadyAsync(admin: false);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["status"], body.Select(p => p.Key));
        Assert.Equal("healthy", body["status"]!.GetValue<string>());

        (status, body) = await ReadyAsync(admin: true);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("healthy", body["status"]!.GetValue<string>());
        Assert.True(body["store"]!.GetValue<bool>());
        Assert.Equal(_host.Get<DefinitionCatalog>().Current!.Version, body["definitions"]!.GetValue<string>());
    }

    [Fact]
    public async Task FailedReload_IsDegraded_AndOnlyTheAdminSeesTheErrorsWithTheirPaths()
    {
        var catalog = _host.Get<DefinitionCatalog>();
        await File.WriteAllTextAsync(Path.Combine(catalog.Path, "broken.yaml"), "behaviours:\n  - key: [unclosed\n");
        catalog.Reload();
        Assert.NotNull(catalog.LastErrors);

        var (status, body) = await ReadyAsync(admin: false);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("degraded", body["status"]!.GetValue<string>());
        Assert.DoesNotContain(_store.Directory, body.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("broken.yaml", body.ToJsonString(), StringComparison.Ordinal);

        (_, body) = await ReadyAsync(admin: true);
        Assert.Equal(catalog.LastErrors, body["definitionErrors"]!.GetValue<string>());
    }

    [Fact]
    public async Task WrongAdminKey_GetsOnlyTheStatus()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/health/ready");
        request.Headers.Authorization = new("Bearer", "not-the-key");
        var body = (await (await _host.Client.SendAsync(request)).Content.ReadFromJsonAsync<JsonObject>())!;

        Assert.Equal(["status"], body.Select(p => p.Key));
    }
}
