using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Trig.Crm.HubSpot.Webhooks;
using Trig.Crm.Testing.Stores;
using Trig.Crm.Worker.Tests.Support;

namespace Trig.Crm.Worker.Tests.Endpoints;

/// <summary>Hostile input to the HubSpot-signed endpoints: a 401 or a 400 naming the field, never a 500.</summary>
public sealed class HostileInputEndpointTests : IAsyncLifetime
{
    private const string Webhook = "/api/hubspot/webhooks";
    private readonly TempStore _store = new("hostile");
    private TrigWebHost _host = null!;

    public async Task InitializeAsync() => _host = await HardenedHost.StartAsync(_store, "hubspot");

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _store.Dispose();
    }

    public static TheoryData<string, string, string> OverflowingTimestamps()
    {
        var data = new TheoryData<string, string, string>();
        string[] timestamps =
        [
            long.MaxValue.ToString(CultureInfo.InvariantCulture),
            long.MinValue.ToString(CultureInfo.InvariantCulture),
            "100000000000000000",
            "1e17",
            (DateTimeOffset.MinValue.ToUnixTimeMilliseconds() - 1).ToString(CultureInfo.InvariantCulture),
        ];
        foreach (var ts in timestamps)
        {
            data.Add("GET", "/api/cards/hubspot?objectType=companies&objectId=1", ts);
            data.Add("POST", Webhook, ts);
            data.Add("GET", "/api/admin/definitions?portalId=7654321&userEmail=admin%40vendor.example", ts);
        }

        return data;
    }

    /// <summary>A correctly computed signature over an overflowing timestamp: refused as unsigned, not a 500.</summary>
    [Theory]
    [MemberData(nameof(OverflowingTimestamps))]
    public async Task SignedRequest_OverflowingTimestamp_Is401(string method, string path, string timestamp)
    {
        var body = method == "POST" ? "[]" : null;
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        var bytes = body is null ? [] : Encoding.UTF8.GetBytes(body);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(bytes);
        }

        request.Headers.Add(HubSpotSignature.TimestampHeader, timestamp);
        request.Headers.Add(HubSpotSignature.SignatureHeader, HubSpotSignature.ComputeV3(method, _host.BaseUrl + path, bytes, timestamp, HubSpotSigning.Secret));

        Assert.Equal(HttpStatusCode.Unauthorized, (await _host.Client.SendAsync(request)).StatusCode);
    }

    public static TheoryData<byte[], string> BadWebhookFields() => new()
    {
        { [.. "[{\"eventId\":1,\"subscriptionType\":\"company.creation\",\"objectId\":\"a"u8, 0xC3, 0x28, 0xFF, .. "\"}]"u8], "objectId" },
        { Encoding.UTF8.GetBytes("""[{"eventId":1,"subscriptionType":"company.creation","objectId":"a\uDC00"}]"""), "objectId" },
        { Encoding.UTF8.GetBytes("""[{"eventId":1,"subscriptionType":"company.creation","objectId":"7","occurredAt":9223372036854775807}]"""), "occurredAt" },
        { Encoding.UTF8.GetBytes("""[{"eventId":1,"subscriptionType":"company.creation","objectId":"7","occurredAt":-62135596800001}]"""), "occurredAt" },
    };

    [Theory]
    [MemberData(nameof(BadWebhookFields))]
    public async Task SignedWebhook_BadField_Is400NamingTheField(byte[] body, string field)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Webhook) { Content = new ByteArrayContent(body) };
        var ts = _host.Time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        request.Headers.Add(HubSpotSignature.TimestampHeader, ts);
        request.Headers.Add(HubSpotSignature.SignatureHeader, HubSpotSignature.ComputeV3("POST", _host.BaseUrl + Webhook, body, ts, HubSpotSigning.Secret));

        var response = await _host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonNode>())!;
        Assert.Contains(field, problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
