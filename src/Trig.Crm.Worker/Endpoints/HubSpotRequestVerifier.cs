using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Trig.Crm.Worker.Options;

namespace Trig.Crm.Worker.Endpoints;

/// <summary>
/// Checks HubSpot's v3 signature on an inbound request (card fetches, settings-page calls, webhooks):
/// base64(HMAC-SHA256(client secret, METHOD + URI + body + timestamp)), a 5-minute window, constant-time compare.
/// The URI is rebuilt from <c>Trig:Http:PublicBaseUrl</c> when set (behind a proxy), else from the request.
/// </summary>
public sealed class HubSpotRequestVerifier(IConfiguration configuration, IOptions<TrigOptions> options, TimeProvider time, ILogger<HubSpotRequestVerifier> logger)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

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
        var secret = configuration["Trig:HubSpot:ClientSecret"];
        if (string.IsNullOrEmpty(secret))
        {
            logger.LogWarning("A HubSpot-signed request arrived but Trig:HubSpot:ClientSecret is not set; refusing it");
            return false;
        }

        var signature = request.Headers["X-HubSpot-Signature-v3"].ToString();
        var timestamp = request.Headers["X-HubSpot-Request-Timestamp"].ToString();
        if (signature.Length == 0 || !long.TryParse(timestamp, out var ms))
        {
            return false;
        }

        var age = time.GetUtcNow() - DateTimeOffset.FromUnixTimeMilliseconds(ms);
        if (age > Window || age < -Window)
        {
            return false;
        }

        var uri = PublicUri(request);
        var expected = Compute(secret, request.Method, uri, body, timestamp);
        byte[] given;
        try
        {
            given = Convert.FromBase64String(signature);
        }
        catch (FormatException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    /// <summary>The HMAC bytes HubSpot computes for a request.</summary>
    public static byte[] Compute(string secret, string method, string uri, byte[] body, string timestamp)
    {
        var prefix = Encoding.UTF8.GetBytes(method.ToUpperInvariant() + uri);
        var suffix = Encoding.UTF8.GetBytes(timestamp);
        var message = new byte[prefix.Length + body.Length + suffix.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message, prefix.Length);
        suffix.CopyTo(message, prefix.Length + body.Length);
        return HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message);
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
