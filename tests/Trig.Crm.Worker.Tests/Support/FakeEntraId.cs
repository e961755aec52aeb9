using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Types;
using WireMock.Util;

namespace Trig.Crm.Worker.Tests.Support;

/// <summary>
/// An Entra ID stand-in on loopback: the OpenID discovery document and the JWKS (a locally generated RSA key) served
/// by WireMock, and access tokens signed with that key (or with another one, or unsigned) for the tests to send. Its
/// authorize endpoint redirects straight back with a code (the user "signs in" at once); its token endpoint hands out
/// <see cref="AccessToken"/> only for that code with the PKCE verifier whose S256 challenge the authorize call sent.
/// </summary>
internal sealed class FakeEntraId : IDisposable
{
    public const string Kid = "trig-test-key";
    private readonly RSA _key = RSA.Create(2048);
    private readonly RSA _otherKey = RSA.Create(2048);
    private readonly Lock _gate = new();
    private string? _challenge;
    private string? _clientId;
    private string? _redirectUri;

    public FakeEntraId()
    {
        Server = WireMockServer.Start();
        var p = _key.ExportParameters(false);
        var discovery = new
        {
            issuer = Authority,
            authorization_endpoint = $"{Authority}/oauth2/v2.0/authorize",
            token_endpoint = $"{Authority}/oauth2/v2.0/token",
            jwks_uri = $"{Server.Url}/tenant/discovery/v2.0/keys",
            id_token_signing_alg_values_supported = new[] { "RS256" },
        };
        var jwks = new { keys = new[] { new { kty = "RSA", use = "sig", alg = "RS256", kid = Kid, n = Base64UrlEncoder.Encode(p.Modulus), e = Base64UrlEncoder.Encode(p.Exponent) } } };
        Server.Given(Request.Create().WithPath("/tenant/v2.0/.well-known/openid-configuration").UsingGet())
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithHeader("Access-Control-Allow-Origin", "*").WithBody(JsonSerializer.Serialize(discovery)));
        Server.Given(Request.Create().WithPath("/tenant/discovery/v2.0/keys").UsingGet())
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBody(JsonSerializer.Serialize(jwks)));
        Server.Given(Request.Create().WithPath("/tenant/v2.0/oauth2/v2.0/authorize").UsingGet()).RespondWith(Response.Create().WithCallback(new Func<IRequestMessage, IResponseMessage>(Authorize)));
        Server.Given(Request.Create().WithPath("/tenant/v2.0/oauth2/v2.0/token").UsingPost()).RespondWith(Response.Create().WithCallback(new Func<IRequestMessage, IResponseMessage>(TokenEndpoint)));
    }

    public const string Code = "code-0123456789";

    /// <summary>What the token endpoint hands out for a good code exchange.</summary>
    public string? AccessToken { get; set; }

    /// <summary>The token requests answered, and those refused (a wrong code, verifier, client or redirect).</summary>
    public int TokensIssued { get; private set; }

    public int TokensRefused { get; private set; }

    private IResponseMessage Authorize(IRequestMessage request)
    {
        string Q(string name) => request.Query is { } q && q.TryGetValue(name, out var v) && v.Count > 0 ? v[0] : "";
        lock (_gate)
        {
            _challenge = Q("code_challenge_method") == "S256" ? Q("code_challenge") : null;
            _clientId = Q("client_id");
            _redirectUri = Q("redirect_uri");
        }

        var location = $"{Q("redirect_uri")}?code={Code}&state={Uri.EscapeDataString(Q("state"))}";
        return new ResponseMessage { StatusCode = 302, Headers = new Dictionary<string, WireMockList<string>> { ["Location"] = new(location) } };
    }

    private IResponseMessage TokenEndpoint(IRequestMessage request)
    {
        var form = (request.Body ?? "").Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2)).ToDictionary(p => Uri.UnescapeDataString(p[0].Replace('+', ' ')), p => Uri.UnescapeDataString(p.Length > 1 ? p[1].Replace('+', ' ') : ""), StringComparer.Ordinal);
        string F(string name) => form.GetValueOrDefault(name, "");
        bool good;
        lock (_gate)
        {
            var challenge = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(F("code_verifier"))));
            good = F("grant_type") == "authorization_code" && F("code") == Code && _challenge is not null && challenge == _challenge
                && F("client_id") == _clientId && F("redirect_uri") == _redirectUri && AccessToken is not null;
            if (good)
            {
                TokensIssued++;
            }
            else
            {
                TokensRefused++;
            }
        }

        var body = good ? JsonSerializer.Serialize(new { token_type = "Bearer", expires_in = 3600, access_token = AccessToken }) : "{\"error\":\"invalid_grant\"}";
        return new ResponseMessage
        {
            StatusCode = good ? 200 : 400,
            Headers = new Dictionary<string, WireMockList<string>> { ["Content-Type"] = new("application/json"), ["Access-Control-Allow-Origin"] = new("*") },
            BodyData = new BodyData { DetectedBodyType = BodyType.String, BodyAsString = body },
        };
    }

    public WireMockServer Server { get; }

    public string Authority => $"{Server.Url}/tenant/v2.0";

    /// <summary>An RS256 access token; <paramref name="foreignKey"/> signs it with a key the JWKS does not hold.</summary>
    public string Token(DateTimeOffset issuedAt, TimeSpan lifetime, string audience, IDictionary<string, object> claims, bool foreignKey = false)
    {
        var handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        return handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Authority,
            Audience = audience,
            IssuedAt = issuedAt.UtcDateTime,
            NotBefore = issuedAt.UtcDateTime,
            Expires = (issuedAt + lifetime).UtcDateTime,
            Claims = claims,
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(foreignKey ? _otherKey : _key) { KeyId = Kid }, SecurityAlgorithms.RsaSha256),
        });
    }

    /// <summary>The same claims with <c>alg: none</c> and no signature.</summary>
    public string Unsigned(DateTimeOffset issuedAt, TimeSpan lifetime, string audience, IDictionary<string, object> claims)
    {
        var payload = new Dictionary<string, object>(claims)
        {
            ["iss"] = Authority,
            ["aud"] = audience,
            ["iat"] = issuedAt.ToUnixTimeSeconds(),
            ["nbf"] = issuedAt.ToUnixTimeSeconds(),
            ["exp"] = (issuedAt + lifetime).ToUnixTimeSeconds(),
        };
        static string Part(object o) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(o)));
        return $"{Part(new { alg = "none", typ = "JWT" })}.{Part(payload)}.";
    }

    public void Dispose()
    {
        Server.Stop();
        Server.Dispose();
        _key.Dispose();
        _otherKey.Dispose();
    }
}
