using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Trig.Crm.Worker.Admin;

/// <summary>Registers <c>Trig:Admin:Oidc</c> and, when it names an authority, the JwtBearer scheme that checks Entra ID access tokens.</summary>
internal static class AdminOidcServiceCollectionExtensions
{
    public static IHostApplicationBuilder AddTrigAdminOidc(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AdminOidcOptions>().Bind(builder.Configuration.GetSection(AdminOidcOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<AdminOidcAuthenticator>();

        // Read at composition time: registering authentication makes the web host add its middleware to every
        // request, so without an authority nothing is registered and the host behaves exactly as before.
        if (builder.Configuration.GetSection(AdminOidcOptions.Section).Get<AdminOidcOptions>()?.Enabled != true)
        {
            return builder;
        }

        builder.Services.AddAuthentication().AddJwtBearer(AdminOidcAuthenticator.Scheme, _ => { });
        builder.Services.AddOptions<JwtBearerOptions>(AdminOidcAuthenticator.Scheme)
            .Configure<IOptions<AdminOidcOptions>, TimeProvider>((jwt, oidc, time) => Configure(jwt, oidc.Value, time));
        return builder;
    }

    private static void Configure(JwtBearerOptions jwt, AdminOidcOptions oidc, TimeProvider time)
    {
        if (!oidc.Enabled)
        {
            return;
        }

        jwt.Authority = oidc.Authority;
        jwt.RequireHttpsMetadata = oidc.RequireHttpsMetadata;
        jwt.MapInboundClaims = false; // keep Entra's claim names (preferred_username, oid, roles, groups)
        jwt.TokenValidationParameters = new TokenValidationParameters
        {
            ValidAudiences = new[] { oidc.Audience, oidc.ClientId }.OfType<string>().Distinct(StringComparer.Ordinal).ToList(),
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateIssuerSigningKey = true,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            // The handler's own check reads the system clock; Trig's time is injected (tests and replays use a fake one).
            LifetimeValidator = (notBefore, expires, _, p) =>
            {
                var now = time.GetUtcNow().UtcDateTime;
                return expires is { } e && now < e + p.ClockSkew && (notBefore is not { } nb || nb - p.ClockSkew <= now);
            },
        };
    }
}
