using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Trig.Crm.HubSpot.Webhooks;
using Trig.Crm.Testing.Stores;
using Trig.Crm.Worker.Endpoints;
using Trig.Crm.Worker.Tests.Support;

namespace Trig.Crm.Worker.Tests.Endpoints;

/// <summary>Per-endpoint body limits (413 with a ProblemDetails body) and authentication before any body is read.</summary>
public sealed class RequestBodyLimitTests
{
    private const string Webhook = "/api/hubspot/webhooks";

    private static async Task AssertTooLargeAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<JsonNode>())!;
        Assert.Contains("limit", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignedWebhook_OverOneMegabyte_Is413_WithContentLengthOrChunked()
    {
        using var store = new TempStore("limits-webhook");
        await using var host = await HardenedHost.StartAsync(store, "hubspot");
        var body = "[" + new string(' ', (int)RequestBodyLimits.HubSpotWebhook) + "]";

        var announced = HubSpotSigning.Signed(HttpMethod.Post, host.BaseUrl + Webhook, body, host.Time.GetUtcNow(), requestUri: Webhook);
        await AssertTooLargeAsync(await host.Client.SendAsync(announced));

        var chunked = HubSpotSigning.Signed(HttpMethod.Post, host.BaseUrl + Webhook, body, host.Time.GetUtcNow(), requestUri: Webhook);
        chunked.Content = new StreamContent(new NonSeekableStream(await chunked.Content!.ReadAsByteArrayAsync()));
        await AssertTooLargeAsync(await host.Client.SendAsync(chunked));

        var fits = HubSpotSigning.Signed(HttpMethod.Post, host.BaseUrl + Webhook, "[]", host.Time.GetUtcNow(), requestUri: Webhook);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.SendAsync(fits)).StatusCode);
    }

    [Theory]
    [InlineData("/v1/track", 32 * 1024)]
    [InlineData("/v1/batch", 500 * 1024)]
    public async Task Ingest_OverSegmentsLimit_Is413(string path, int limit)
    {
        using var store = new TempStore("limits-ingest");
        await using var host = await HardenedHost.StartAsync(store, "local");
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent("{\"x\":\"" + new string('a', limit) + "\"}") };
        request.Headers.Authorization = HardenedHost.WriteKeyBasic;

        await AssertTooLargeAsync(await host.Client.SendAsync(request));
    }

    [Fact]
    public async Task SignedAdminCall_OverTheAdminLimit_Is413()
    {
        using var store = new TempStore("limits-admin");
        await using var host = await HardenedHost.StartAsync(store, "hubspot");
        var path = "/api/admin/actions/1/retry?portalId=7654321&userEmail=admin%40vendor.example";
        var request = HubSpotSigning.Signed(HttpMethod.Post, host.BaseUrl + path, new string(' ', (int)RequestBodyLimits.Default + 1), host.Time.GetUtcNow(), requestUri: path);

        await AssertTooLargeAsync(await host.Client.SendAsync(request));
    }

    public static TheoryData<string, string> UnsignedCalls() => new()
    {
        { "POST", Webhook },
        { "GET", "/api/cards/hubspot?objectType=companies&objectId=1" },
        { "POST", "/api/admin/actions/1/retry" },
    };

    /// <summary>
    /// Kestrel over a raw socket, a body announced as 28 MB of which 1 KB is sent: the 401 can only arrive if the
    /// server refused the missing or stale signature without waiting for (or buffering) the body.
    /// </summary>
    [Theory]
    [MemberData(nameof(UnsignedCalls))]
    public async Task UnsignedOrStale_LargeBody_Is401_BeforeTheBodyIsRead(string method, string path)
    {
        using var store = new TempStore("limits-unsigned");
        await using var host = await HardenedHost.StartAsync(store, "hubspot", kestrel: true);

        Assert.Equal(401, await RawSocket.StatusOfStalledBodyAsync(host.BaseUrl, method, path, []));

        var ts = host.Time.GetUtcNow().AddMinutes(-10).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var signature = HubSpotSignature.ComputeV3(method, host.BaseUrl + path, [], ts, HubSpotSigning.Secret);
        Assert.Equal(401, await RawSocket.StatusOfStalledBodyAsync(host.BaseUrl, method, path, [(HubSpotSignature.TimestampHeader, ts), (HubSpotSignature.SignatureHeader, signature)]));
    }
}
