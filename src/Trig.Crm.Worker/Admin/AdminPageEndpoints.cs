using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Trig.Crm.Worker.Admin;

/// <summary>
/// The admin page: <c>GET /admin</c> and its assets from <c>wwwroot/admin</c> (the committed build of web/admin, so a
/// bare clone serves it without npm), and <c>GET /admin/config.json</c>, what the page needs to offer an OpenID Connect
/// sign-in. All anonymous: they hold no data; every API call the page makes is authenticated.
/// </summary>
internal static partial class AdminPageEndpoints
{
    internal sealed record OidcConfig(string Authority, string ClientId, string Scope);

    internal sealed record PageConfig(OidcConfig? Oidc);

    public static IEndpointRouteBuilder MapAdminPage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/admin", (IWebHostEnvironment env) => Asset(env, "index.html"));
        app.MapGet("/admin/config.json", (IOptions<AdminOidcOptions> options) => TypedResults.Ok(Config(options.Value)));
        app.MapGet("/admin/{file}", (string file, IWebHostEnvironment env) => AssetName().IsMatch(file)
            ? Asset(env, file)
            : TypedResults.Problem(title: "Not found", detail: $"no admin asset '{file}'", statusCode: StatusCodes.Status404NotFound));
        return app;
    }

    internal static PageConfig Config(AdminOidcOptions o) =>
        new(o.Enabled ? new OidcConfig(o.Authority!.TrimEnd('/'), o.ClientId!, o.EffectiveScope) : null);

    private static IResult Asset(IWebHostEnvironment env, string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "wwwroot", "admin", name);
        if (!File.Exists(path))
        {
            path = Path.Combine(env.ContentRootPath, "wwwroot", "admin", name);
        }

        if (!File.Exists(path))
        {
            return TypedResults.Problem(title: "Not found", detail: $"admin asset '{name}' is not deployed beside the worker", statusCode: StatusCodes.Status404NotFound);
        }

        var type = Path.GetExtension(name) switch
        {
            ".html" => "text/html; charset=utf-8",
            ".js" => "text/javascript; charset=utf-8",
            ".css" => "text/css; charset=utf-8",
            _ => "application/octet-stream",
        };
        return TypedResults.File(File.ReadAllBytes(path), type);
    }

    /// <summary>One file name of the bundle: no path separators or dot-dot, so nothing outside the folder is reachable.</summary>
    [GeneratedRegex("^[a-z0-9][a-z0-9-]*\\.(js|css|html)$")]
    private static partial Regex AssetName();
}
