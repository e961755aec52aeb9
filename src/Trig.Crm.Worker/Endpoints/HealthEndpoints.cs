using Microsoft.AspNetCore.Http.HttpResults;
using Trig.Crm.Engine.Definitions;
using Trig.Crm.Store;

namespace Trig.Crm.Worker.Endpoints;

/// <summary>
/// <c>/health</c> (liveness) and <c>/health/ready</c> (store reachable, definitions loaded). Anonymous callers get only
/// <c>healthy</c>, <c>degraded</c> (definitions loaded but the last reload failed) or <c>unhealthy</c>, with 200/200/503;
/// the details (store, definitions version, definition errors, which may name server paths) need the admin credentials
/// of <see cref="AdminAuthFilter"/>.
/// </summary>
internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", () => TypedResults.Ok(new { status = "ok" }));
        app.MapGet("/health/ready", ReadyAsync);
        return app;
    }

    internal sealed record ReadyStatus(string Status);

    internal sealed record ReadyDetails(string Status, bool Store, string? Definitions, string? DefinitionErrors);

    private static async Task<Results<JsonHttpResult<ReadyStatus>, JsonHttpResult<ReadyDetails>, ProblemHttpResult>> ReadyAsync(
        HttpContext http, ITrigStore store, DefinitionCatalog catalog, AdminAuthFilter admin, CancellationToken ct)
    {
        var storeOk = await store.PingAsync(ct);
        var set = catalog.Current;
        var status = !storeOk || set is null ? "unhealthy" : string.IsNullOrEmpty(catalog.LastErrors) ? "healthy" : "degraded";
        var code = status == "unhealthy" ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;

        var (actor, tooLarge) = await admin.AuthenticateAsync(http);
        if (tooLarge)
        {
            return RequestBodyLimits.TooLarge(http);
        }

        return actor is null
            ? TypedResults.Json(new ReadyStatus(status), statusCode: code)
            : TypedResults.Json(new ReadyDetails(status, storeOk, set?.Version, catalog.LastErrors), statusCode: code);
    }
}
