using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Trig.Crm.Worker.Admin;

/// <summary>
/// Checks a bearer access token with the JwtBearer handler (signature from the authority's JWKS, issuer, audience,
/// lifetime on the injected clock) and the admin lists, and names the user for the audit: <c>oidc:{user}</c>.
/// </summary>
internal sealed class AdminOidcAuthenticator(IOptions<AdminOidcOptions> options)
{
    public const string Scheme = "trig-admin-oidc";

    public bool Enabled => options.Value.Enabled;

    /// <summary>The actor (<c>oidc:{preferred_username|upn|oid}</c>) of a valid token from an allowed user, or null.</summary>
    public async Task<string?> AuthenticateAsync(HttpContext http)
    {
        if (!Enabled)
        {
            return null;
        }

        var result = await http.AuthenticateAsync(Scheme);
        return result.Succeeded && result.Principal is { } user ? ActorOf(user) : null;
    }

    internal string? ActorOf(ClaimsPrincipal user)
    {
        var o = options.Value;
        string? Claim(string type) => user.FindFirst(type)?.Value is { Length: > 0 } v ? v : null;
        var name = Claim("preferred_username") ?? Claim("upn") ?? Claim("email") ?? Claim("oid") ?? Claim("sub");
        if (name is null)
        {
            return null;
        }

        var identities = new[] { "preferred_username", "upn", "email", "oid" }.Select(Claim).OfType<string>().ToList();
        var roles = user.FindAll("roles").Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        var groups = user.FindAll("groups").Select(c => c.Value).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var allowed = AdminOidcOptions.List(o.AllowedUsers).Any(a => identities.Contains(a, StringComparer.OrdinalIgnoreCase))
            || AdminOidcOptions.List(o.AllowedRoles).Any(roles.Contains)
            || AdminOidcOptions.List(o.AllowedGroups).Any(groups.Contains);
        return allowed ? $"oidc:{name}" : null;
    }
}
