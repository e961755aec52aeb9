using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Trig.Crm.Ingest;

namespace Trig.Crm.Ingest.Segment;

/// <summary>
/// Checks Segment's Basic auth: the write key (<c>Trig:Ingest:WriteKey</c>) as the user name, any password. Without a
/// configured write key every call is refused, and that is logged once.
/// </summary>
public sealed class IngestAuthenticator(IOptions<IngestOptions> options, ILogger<IngestAuthenticator> logger)
{
    private readonly byte[]? _key = string.IsNullOrEmpty(options.Value.WriteKey) ? null : Encoding.UTF8.GetBytes(options.Value.WriteKey);
    private int _warned;

    public bool IsAuthorized(string? authorization)
    {
        if (_key is null)
        {
            if (Interlocked.Exchange(ref _warned, 1) == 0)
            {
                logger.LogWarning("Trig:Ingest:WriteKey is not set: every /v1/* ingest call is answered 401");
            }

            return false;
        }

        if (authorization is null || !authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        byte[] decoded;
        try
        {
            decoded = Convert.FromBase64String(authorization[6..].Trim());
        }
        catch (FormatException)
        {
            return false;
        }

        var colon = Array.IndexOf(decoded, (byte)':');
        var user = colon < 0 ? decoded : decoded[..colon];
        return CryptographicOperations.FixedTimeEquals(user, _key);
    }
}
