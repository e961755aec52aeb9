using Microsoft.Extensions.Options;
using Trig.Crm.Engine.Options;
using Trig.Crm.HubSpot;
using Trig.Crm.HubSpot.Webhooks;

namespace Trig.Crm.Worker.Endpoints;

/// <summary>
/// Checks HubSpot's v3 signature on an inbound request (card fetches, settings-page calls, webhooks):
/// base64(HMAC-SHA256(client secret, METHOD + URI + body + timestamp)), a 5-minute window, constant-time compare.
/// The URI is rebuilt from <c>Trig:Http:PublicBaseUrl</c> when set (behind a proxy), else from the request.
/// </summary>
internal sealed class HubSpotRequestVerifier(IOptions<HubSpotOptions> hubSpot, IOptions<TrigOptions> options, TimeProvider time, ILogger<HubSpotRequestVerifier> logger)
{
    /// <summary>
    /// Verifies the request in order of cost: the client secret is set, both signature headers are present and the
    /// timestamp is within the window (no body read yet, so an unsigned or stale 28 MB body is refused unread), then
    /// reads at most the endpoint's <see cref="RequestBodyLimit"/> and checks the HMAC over it. The body is put back as a
    /// MemoryStream so the endpoint can still read it.
    /// </summary>
    public async Task<SignedBody> VerifyAsync(HttpRequest request, CancellationToken ct)
    {
        if (!HasSecret()
            || string.IsNullOrEmpty(request.Headers[HubSpotSignature.SignatureHeader].ToString())
            || !HubSpotSignature.IsFresh(request.Headers[HubSpotSignature.TimestampHeader].ToString(), time.GetUtcNow()))
        {
            return SignedBody.Refused;
        }

        var body = await RequestBodyLimits.ReadAsync(request, RequestBodyLimits.For(request.HttpContext), ct);
        if (body is null)
        {
            return SignedBody.Oversized;
        }

        request.Body = new MemoryStream(body, writable: false);
        return Verify(request, body) ? new SignedBody(true, false, body) : SignedBody.Refused;
    }

    private bool HasSecret()
    {
        if (!string.IsNullOrEmpty(hubSpot.Value.ClientSecret))
        {
            return true;
        }

        logger.LogWarning("A HubSpot-signed request arrived but Trig:HubSpot:ClientSecret is not set; refusing it");
        return false;
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
