using System.Globalization;
using System.Text;
using Trig.Crm.HubSpot.Webhooks;

namespace Trig.Crm.Worker.Tests.Support;

/// <summary>Signs requests the way HubSpot does (v3), with the URI the worker rebuilds.</summary>
internal static class HubSpotSigning
{
    public const string Secret = "test-client-secret-7f3a";

    /// <summary>A request signed for <paramref name="signedUri"/> (the full URI HubSpot called) at <paramref name="at"/>.</summary>
    public static HttpRequestMessage Signed(HttpMethod method, string signedUri, string? body, DateTimeOffset at, string secret = Secret, string? requestUri = null)
    {
        var request = new HttpRequestMessage(method, requestUri ?? signedUri);
        var bytes = body is null ? [] : Encoding.UTF8.GetBytes(body);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(bytes);
            request.Content.Headers.ContentType = new("application/json");
        }

        var timestamp = at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        request.Headers.Add(HubSpotSignature.TimestampHeader, timestamp);
        request.Headers.Add(HubSpotSignature.SignatureHeader, HubSpotSignature.ComputeV3(method.Method, signedUri, bytes, timestamp, secret));
        return request;
    }
}
