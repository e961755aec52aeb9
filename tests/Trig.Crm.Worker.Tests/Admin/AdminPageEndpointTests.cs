using System.Net;
using System.Text.Json.Nodes;
using Trig.Crm.Testing;
using Trig.Crm.Testing.Stores;
using Trig.Crm.Worker.Tests.Support;

namespace Trig.Crm.Worker.Tests.Admin;

/// <summary>
/// <c>GET /admin</c> serves the committed build of web/admin without auth (it holds no data), its assets by name only,
/// and a config without OIDC when <c>Trig:Admin:Oidc</c> is not set; the API the page calls still needs auth.
/// </summary>
public sealed class AdminPageEndpointTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);
    private readonly TempStore _store = new("admin-page");
    private TrigWebHost _host = null!;

    private static string Committed(string name) => Path.Combine(RepoPaths.Root, "src", "Trig.Crm.Worker", "wwwroot", "admin", name);

    public async Task InitializeAsync() =>
        _host = await TrigWebHost.StartAsync([_store.Arg, $"--Trig:Definitions:Path={RepoPaths.SampleLifecycle}", "--Trig:Admin:ApiKey=admin-key-0123456789abcdef"], Now);

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _store.Dispose();
    }

    [Theory]
    [InlineData("/admin")]
    [InlineData("/admin/")]
    public async Task ThePage_IsServedAnonymously(string path)
    {
        var response = await _host.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(await File.ReadAllTextAsync(Committed("index.html")), html);
        Assert.Contains("<script src=\"/admin/admin.js\"></script>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheBundle_IsTheCommittedOne()
    {
        var response = await _host.Client.GetAsync("/admin/admin.js");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(await File.ReadAllBytesAsync(Committed("admin.js")), await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("/admin/..%2Fcards%2Fpreview.html")]
    [InlineData("/admin/.hidden.js")]
    [InlineData("/admin/missing.js")]
    [InlineData("/admin/admin.exe")]
    public async Task AnythingElse_Is404(string path)
    {
        var response = await _host.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task WithoutOidc_TheConfigOffersOnlyTheKey_AndTheApiStillNeedsAuth()
    {
        var config = JsonNode.Parse(await _host.Client.GetStringAsync("/admin/config.json"))!;

        Assert.Null(config["oidc"]);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _host.Client.GetAsync("/api/admin/definitions")).StatusCode);
    }
}
