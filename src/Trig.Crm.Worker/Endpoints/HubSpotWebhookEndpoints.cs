using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Trig.Crm.HubSpot.Webhooks;
using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Store;

namespace Trig.Crm.Worker.Endpoints;

/// <summary>
/// <c>POST /api/hubspot/webhooks</c>: verifies the v3 signature (5-minute window), drops replayed event ids, applies
/// deletions, persists the records to refresh and answers 200 at once; the fast path re-reads exactly those records.
/// </summary>
internal static class HubSpotWebhookEndpoints
{
    public static IEndpointRouteBuilder MapHubSpotWebhookEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/hubspot/webhooks", ReceiveAsync).WithBodyLimit(RequestBodyLimits.HubSpotWebhook);
        return app;
    }

    internal sealed record WebhookAck(int Received, int Duplicates, int Queued, int Deleted);

    private static async Task<Results<Ok<WebhookAck>, UnauthorizedHttpResult, ProblemHttpResult>> ReceiveAsync(
        HttpRequest request, HubSpotRequestVerifier verifier, ITrigStore store, TimeProvider time, ILogger<HubSpotRequestVerifier> logger, CancellationToken ct)
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

        var body = signed.Body;
        IReadOnlyList<HubSpotWebhookEvent> events;
        try
        {
            events = HubSpotWebhookParser.Parse(body);
        }
        catch (JsonException ex)
        {
            return TypedResults.Problem(title: "Bad payload", detail: ex.Message, statusCode: StatusCodes.Status400BadRequest);
        }

        // One transaction: the event ids are never recorded as delivered without the refreshes they queue.
        var delivered = events.Select(e => new DeliveredEvent(e.EventId.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Record, e.IsDeletion)).ToList();
        var (duplicates, queued, deleted) = await store.RecordDeliveryAsync("hubspot", delivered, time.GetUtcNow(), ct);
        logger.LogInformation("HubSpot webhook: {Count} events, {Duplicates} replayed, {Queued} records to refresh, {Deleted} deleted", events.Count, duplicates, queued, deleted);
        return TypedResults.Ok(new WebhookAck(events.Count, duplicates, queued, deleted));
    }
}
