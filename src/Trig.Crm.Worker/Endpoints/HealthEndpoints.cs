using Microsoft.AspNetCore.Http.HttpResults;
using Trig.Crm.Store;
using Trig.Crm.Engine.Cycle;
using Trig.Crm.Engine.Metadata;
using Trig.Crm.Engine.Outbox;
using Trig.Crm.Engine.Definitions;
using Trig.Crm.Engine.Cards;

namespace Trig.Crm.Worker.Endpoints;

/// <summary><c>/health</c> (liveness) and <c>/health/ready</c> (store reachable, definitions loaded).</summary>
internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", () => TypedResults.Ok(new { status = "ok" }));
        app.MapGet("/health/ready", async Task<Results<Ok<ReadyStatus>, JsonHttpResult<ReadyStatus>>> (ITrigStore store, DefinitionCatalog catalog, CancellationToken ct) =>
        {
            var storeOk = await store.PingAsync(ct);
            var set = catalog.Current;
            var status = new ReadyStatus(storeOk && set is not null ? "ready" : "not_ready", storeOk, set?.Version, catalog.LastErrors);
            return storeOk && set is not null ? TypedResults.Ok(status) : TypedResults.Json(status, statusCode: StatusCodes.Status503ServiceUnavailable);
        });
        return app;
    }

    internal sealed record ReadyStatus(string Status, bool Store, string? Definitions, string? DefinitionErrors);
}
