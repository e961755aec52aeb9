using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Trig.Crm.Worker.Tests.Support;

/// <summary>
/// An Entra ID stand-in on loopback: the OpenID discovery document and the JWKS (a locally generated RSA key) served
/// by WireMock, and access tokens signed with that key (or with another one, or unsigned) for the tests to send.
/// </summary>
internal sealed class FakeEntraId : IDisposable
{
    public const string Kid = "trig-test-key";
    private readonly RSA _key = RSA.Create(2048);
    private readonly RSA _otherKey = RSA.Create(2048);

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
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBody(JsonSerializer.Serialize(discovery)));
        Server.Given(Request.Create().WithPath("/tenant/discovery/v2.0/keys").UsingGet())
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBody(JsonSerializer.Serialize(jwks)));
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
