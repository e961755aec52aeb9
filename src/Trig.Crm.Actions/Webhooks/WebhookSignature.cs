using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Trig.Crm.Actions.Webhooks;

/// <summary>
/// The webhook signature: <c>X-Trig-Signature: v1=&lt;lowercase hex HMAC-SHA256(secret, timestamp + "." + body)&gt;</c>,
/// where <c>timestamp</c> is the <c>X-Trig-Timestamp</c> header (unix seconds) and <c>body</c> the raw request bytes.
/// Receivers use the same algorithm (README.md, docs/webhooks.md).
/// </summary>
internal static class WebhookSignature
{
    /// <summary>The scheme prefix of the signature header value.</summary>
    public const string Version = "v1";

    /// <summary>Computes the header value <c>v1=&lt;hex&gt;</c>.</summary>
    public static string Compute(string secret, string timestamp, ReadOnlySpan<byte> body) =>
        $"{Version}={Convert.ToHexStringLower(Mac(secret, timestamp, body))}";

    /// <summary>
    /// Verifies a header value in constant time. With <paramref name="now"/>, also refuses timestamps further than
    /// <paramref name="tolerance"/> (default 5 minutes) from it, which stops replays.
    /// </summary>
    public static bool Verify(string secret, string timestamp, ReadOnlySpan<byte> body, string? signatureHeader, DateTimeOffset? now = null, TimeSpan? tolerance = null)
    {
        if (string.IsNullOrEmpty(signatureHeader) || !signatureHeader.StartsWith(Version + "=", StringComparison.Ordinal))
        {
            return false;
        }

        if (now is { } clock)
        {
            if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                return false;
            }

            var age = clock - DateTimeOffset.FromUnixTimeSeconds(seconds);
            if (age.Duration() > (tolerance ?? TimeSpan.FromMinutes(5)))
            {
                return false;
            }
        }

        byte[] given;
        try
        {
            given = Convert.FromHexString(signatureHeader.AsSpan(Version.Length + 1));
        }
        catch (FormatException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(given, Mac(secret, timestamp, body));
    }

    private static byte[] Mac(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret));
        hmac.AppendData(Encoding.ASCII.GetBytes(timestamp + "."));
        hmac.AppendData(body);
        return hmac.GetHashAndReset();
    }
}
