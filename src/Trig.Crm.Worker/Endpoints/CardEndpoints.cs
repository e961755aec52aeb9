using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Trig.Crm.Engine.Cards;
using Trig.Crm.Lifecycle.Cards;
using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.Worker.Endpoints;

/// <summary>
/// Card data: <c>GET /api/cards/hubspot</c> (HubSpot v3 signature), <c>GET /api/cards/local/{id}</c> and the local
/// preview page <c>GET /cards/preview/{entityId}</c> (for the demo; it renders the same card bundle as the PCF control).
/// </summary>
internal static partial class CardEndpoints
{
    /// <summary>
    /// The signed HubSpot card is always mapped. The local card, its preview page and script are mapped only with the
    /// local CRM provider (the demo): they are anonymous, and with a real CRM they would hand out any record's card.
    /// </summary>
    public static IEndpointRouteBuilder MapCardEndpoints(this IEndpointRouteBuilder app, bool local)
    {
        app.MapGet("/api/cards/hubspot", HubSpotCardAsync);
        if (local)
        {
            app.MapGet("/api/cards/local/{entityId}", LocalCardAsync);
            app.MapGet("/cards/preview/{entityId}", (IWebHostEnvironment env) => Asset(env, "preview.html", "text/html; charset=utf-8"));
            app.MapGet("/cards/trig-card.js", (IWebHostEnvironment env) => Asset(env, "trig-card.js", "text/javascript; charset=utf-8"));
        }

        return app;
    }

    /// <summary>The card JSON: <see cref="CardJson.Options"/>, with NaN/infinity (an ARR stored as 1e400) written as null.</summary>
    private static readonly JsonSerializerOptions Json = new(CardJson.Options) { Converters = { new NonFiniteAsNullConverter() } };

    private static async Task<Results<JsonHttpResult<CardView>, ProblemHttpResult>> LocalCardAsync(string entityId, CardService cards, CancellationToken ct)
    {
        var view = await cards.BuildAsync(EntityKind.Organisation, entityId, ct) ?? await cards.BuildAsync(EntityKind.Person, entityId, ct);
        return view is null ? NotFound() : TypedResults.Json(view, Json);
    }

    private static async Task<Results<JsonHttpResult<CardView>, ProblemHttpResult, UnauthorizedHttpResult>> HubSpotCardAsync(
        HttpRequest request, [FromQuery] string? objectType, [FromQuery] string? objectId, CardService cards, HubSpotRequestVerifier verifier, CancellationToken ct)
    {
        var signed = await verifier.VerifyAsync(request, ct);
        if (signed.TooLarge)
        {
            return RequestBodyLimits.TooLarge(request.HttpContext);
        }

        if (!signed.Valid)
        {
            return TypedResults.Unauthorized();
        }

        EntityKind? kind = objectType?.ToLowerInvariant() switch
        {
            "companies" or "company" or "0-2" => EntityKind.Organisation,
            "contacts" or "contact" or "0-1" => EntityKind.Person,
            _ => null,
        };
        if (kind is null || string.IsNullOrWhiteSpace(objectId))
        {
            return TypedResults.Problem(
                title: "Bad request",
                detail: kind is null ? "objectType must be companies or contacts" : "objectId is required",
                statusCode: StatusCodes.Status400BadRequest);
        }

        var view = await cards.BuildAsync(kind.Value, objectId, ct);
        return view is null ? NotFound() : TypedResults.Json(view, Json);
    }

    private static ProblemHttpResult NotFound() =>
        TypedResults.Problem(title: "Not found", detail: "No Trig data for this record yet.", statusCode: StatusCodes.Status404NotFound);

    private static IResult Asset(IWebHostEnvironment env, string name, string contentType)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "wwwroot", "cards", name);
        if (!File.Exists(path))
        {
            path = Path.Combine(env.ContentRootPath, "wwwroot", "cards", name);
        }

        return File.Exists(path)
            ? TypedResults.File(File.ReadAllBytes(path), contentType)
            : TypedResults.Problem(title: "Card assets missing", detail: $"{name} is not deployed beside the worker", statusCode: StatusCodes.Status500InternalServerError);
    }
}
