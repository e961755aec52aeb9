using Microsoft.Extensions.Options;
using Trig.Crm.HubSpot;
using Trig.Crm.HubSpot.Webhooks;
using Trig.Crm.Engine.Options;

namespace Trig.Crm.Worker.Endpoints;

/// <summary>
/// Checks HubSpot's v3 signature on an inbound request (card fetches, settings-page calls, webhooks):
/// base64(HMAC-SHA256(client secret, METHOD + URI + body + timestamp)), a 5-minute window, constant-time compare.
/// The URI is rebuilt from <c>Trig:Http:PublicBaseUrl</c> when set (behind a proxy), else from the request.
/// </summary>
internal sealed class HubSpotRequestVerifier(IOptions<HubSpotOptions> hubSpot, IOptions<TrigOptions> options, TimeProvider time, ILogger<HubSpotRequestVerifier> logger)
{
    /// <summary>Verifies the request; the body is buffered so the endpoint can still read it.</summary>
    public async Task<bool> VerifyAsync(HttpRequest request, CancellationToken ct)
    {
        var body = await ReadBodyAsync(request, ct);
        return Verify(request, body);
    }

    public static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        request.EnableBuffering();
        using var ms = new MemoryStream();
        await request.Body.CopyToAsync(ms, ct);
        request.Body.Position = 0;
        return ms.ToArray();
    }

    public bool Verify(HttpRequest request, byte[] body)
    {
        var secret = hubSpot.Value.ClientSecret;
        if (string.IsNullOrEmpty(secret))
        {
            logger.LogWarning("A HubSpot-signed request arrived but Trig:HubSpot:ClientSecret is not set; refusing it");
            return false;
        }

        return HubSpotSignature.VerifyV3(request.Method, PublicUri(request), body,
            request.Headers[HubSpotSignature.TimestampHeader].ToString(), request.Headers[HubSpotSignature.SignatureHeader].ToString(), secret, time.GetUtcNow());
    }

    private string PublicUri(HttpRequest request)
    {
        var baseUrl = options.Value.Http.PublicBaseUrl;
        var pathAndQuery = request.PathBase + request.Path + request.QueryString;
        if (!string.IsNullOrEmpty(baseUrl))
        {
            return baseUrl.TrimEnd('/') + pathAndQuery;
        }

        return $"{request.Scheme}://{request.Host}{pathAndQuery}";
    }
}
