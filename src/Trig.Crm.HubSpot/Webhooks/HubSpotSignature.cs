using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Trig.Crm.HubSpot.Webhooks;

/// <summary>
/// HubSpot request signature v3 (webhooks and card fetches): base64(HMAC-SHA256(client secret, method + URI + body + timestamp)).
/// </summary>
public static class HubSpotSignature
{
    public const string SignatureHeader = "X-HubSpot-Signature-v3";
    public const string TimestampHeader = "X-HubSpot-Request-Timestamp";

    /// <summary>How old (or how far ahead) a request timestamp may be.</summary>
    public static readonly TimeSpan MaxSkew = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Verifies a v3 signature. <paramref name="uri"/> is the full URI as HubSpot called it (scheme, host, path, query):
    /// behind a proxy, rebuild it from <c>Trig:Http:PublicBaseUrl</c> + path + query. Returns false for missing headers,
    /// a timestamp older than 5 minutes (or more than 5 minutes ahead), or a signature that does not match.
    /// </summary>
    public static bool VerifyV3(
        string method,
        string uri,
        ReadOnlySpan<byte> body,
        string? timestampHeader,
        string? signatureHeader,
        string clientSecret,
        DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(timestampHeader) || string.IsNullOrEmpty(signatureHeader) || string.IsNullOrEmpty(clientSecret))
        {
            return false;
        }

        if (!IsFresh(timestampHeader, now))
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[32];
        Sign(method, uri, body, timestampHeader, clientSecret, expected);

        Span<byte> given = stackalloc byte[64];
        if (!Convert.TryFromBase64String(signatureHeader.Trim(), given, out var length) || length != expected.Length)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(expected, given[..length]);
    }

    /// <summary>
    /// Whether <paramref name="timestampHeader"/> is Unix milliseconds within <see cref="MaxSkew"/> of <paramref name="now"/>.
    /// Cheap and body-free, so a caller can refuse a stale or garbled request before reading its body. Never throws:
    /// values outside the <see cref="DateTimeOffset"/> range (long.MaxValue, before year 1) are simply not fresh.
    /// </summary>
    public static bool IsFresh(string? timestampHeader, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(timestampHeader)
            || !long.TryParse(timestampHeader, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms))
        {
            return false;
        }

        // Compare in milliseconds: both sides are bounded by the DateTimeOffset range, so the subtraction cannot overflow.
        if (ms < MinUnixMilliseconds || ms > MaxUnixMilliseconds)
        {
            return false;
        }

        var age = now.ToUnixTimeMilliseconds() - ms;
        var skew = (long)MaxSkew.TotalMilliseconds;
        return age <= skew && age >= -skew;
    }

    private static readonly long MinUnixMilliseconds = DateTimeOffset.MinValue.ToUnixTimeMilliseconds();
    private static readonly long MaxUnixMilliseconds = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    /// <summary>The v3 signature of a request (what HubSpot puts in <see cref="SignatureHeader"/>); for tests and local tools.</summary>
    public static string ComputeV3(string method, string uri, ReadOnlySpan<byte> body, string timestamp, string clientSecret)
    {
        Span<byte> hash = stackalloc byte[32];
        Sign(method, uri, body, timestamp, clientSecret, hash);
        return Convert.ToBase64String(hash);
    }

    private static void Sign(string method, string uri, ReadOnlySpan<byte> body, string timestamp, string clientSecret, Span<byte> destination)
    {
        var prefix = Encoding.UTF8.GetBytes(method.ToUpperInvariant() + DecodeUri(uri));
        var suffix = Encoding.UTF8.GetBytes(timestamp);
        var message = new byte[prefix.Length + body.Length + suffix.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        suffix.CopyTo(message, prefix.Length + body.Length);
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(clientSecret), message, destination);
    }

    /// <summary>HubSpot signs the URI with these percent-encodings decoded (its v3 validation guide lists them).</summary>
    private static string DecodeUri(string uri)
    {
        if (!uri.Contains('%', StringComparison.Ordinal))
        {
            return uri;
        }

        var sb = new StringBuilder(uri);
        foreach (var (encoded, plain) in Decoded)
        {
            sb.Replace(encoded, plain).Replace(encoded.ToLowerInvariant(), plain);
        }

        return sb.ToString();
    }

    private static readonly (string Encoded, string Plain)[] Decoded =
    [
        ("%3A", ":"), ("%2F", "/"), ("%3F", "?"), ("%40", "@"), ("%21", "!"), ("%24", "$"),
        ("%27", "'"), ("%28", "("), ("%29", ")"), ("%2A", "*"), ("%2C", ","), ("%3B", ";"),
    ];
}
