using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Trig.Crm.Engine.Options;
using Trig.Crm.HubSpot.Webhooks;
using Trig.Crm.Worker.Admin;

namespace Trig.Crm.Worker.Endpoints;

/// <summary>
/// Admin access: <c>Authorization: Bearer {Trig:Admin:ApiKey}</c>, or a HubSpot-signed request (the settings page's
/// hubspot.fetch) whose signed query names a HubSpot user listed in <c>Trig:Admin:HubSpotUsers</c> (emails or user
/// ids) of the portal <c>Trig:HubSpot:PortalId</c>, or a bearer Entra ID access token (<c>Trig:Admin:Oidc</c>, the /admin
/// page's sign-in) of an allowed user. The browser cannot forge either: the key never reaches it and the
/// user comes from the signed URI, not from a header or body it controls.
/// </summary>
internal sealed class AdminAuthFilter(IOptions<TrigOptions> options, IConfiguration configuration, HubSpotRequestVerifier hubspot, AdminOidcAuthenticator oidc) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var (actor, tooLarge) = await AuthenticateAsync(http);
        if (tooLarge)
        {
            return RequestBodyLimits.TooLarge(http);
        }

        if (actor is null)
        {
            return TypedResults.Problem(title: "Unauthorized", detail: "admin endpoints need a bearer API key or a HubSpot-signed request from an admin user", statusCode: StatusCodes.Status401Unauthorized);
        }

        http.Items["trig.actor"] = actor;
        return await next(context);
    }

    /// <summary>
    /// The admin actor of the request (<c>api-key</c>, <c>oidc:{user}</c> or <c>hubspot:{user}</c>), or null; <c>TooLarge</c> when a
    /// HubSpot-signed request's body is over the endpoint's limit. Also used by <c>/health/ready</c> for its details.
    /// </summary>
    public async Task<(string? Actor, bool TooLarge)> AuthenticateAsync(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        var key = options.Value.Admin.ApiKey;
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && (!string.IsNullOrEmpty(key) || oidc.Enabled))
        {
            var given = Encoding.UTF8.GetBytes(header["Bearer ".Length..].Trim());
            if (!string.IsNullOrEmpty(key) && CryptographicOperations.FixedTimeEquals(given, Encoding.UTF8.GetBytes(key)))
            {
                return ("api-key", false);
            }

            return (oidc.Enabled ? await oidc.AuthenticateAsync(http) : null, false);
        }

        if (!http.Request.Headers.ContainsKey(HubSpotSignature.SignatureHeader))
        {
            return (null, false);
        }

        var signed = await hubspot.VerifyAsync(http.Request, http.RequestAborted);
        return signed.Valid ? (HubSpotAdmin(http), false) : (null, signed.TooLarge);
    }

    private string? HubSpotAdmin(HttpContext http)
    {
        var q = http.Request.Query;
        var portal = configuration["Trig:HubSpot:PortalId"];
        if (!string.IsNullOrEmpty(portal) && q["portalId"].ToString() != portal)
        {
            return null;
        }

        var admins = (configuration["Trig:Admin:HubSpotUsers"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var email = q["userEmail"].ToString();
        var userId = q["userId"].ToString();
        var allowed = admins.Any(a => (email.Length > 0 && a.Equals(email, StringComparison.OrdinalIgnoreCase)) || (userId.Length > 0 && a == userId));
        return allowed ? $"hubspot:{(email.Length > 0 ? email : userId)}" : null;
    }
}
