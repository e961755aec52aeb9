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

        var now = time.GetUtcNow();
        int duplicates = 0, deleted = 0;
        var refresh = new List<CrmRecordRef>();
        foreach (var e in events)
        {
            if (!await store.TryRecordDeliveryAsync("hubspot", e.EventId.ToString(System.Globalization.CultureInfo.InvariantCulture), now, ct))
            {
                duplicates++;
                continue;
            }

            if (e.Record is not { } record)
            {
                continue;
            }

            if (e.IsDeletion)
            {
                await store.DeleteAsync(record.Kind, [record.Id], ct);
                deleted++;
            }
            else
            {
                refresh.Add(record);
            }
        }

        await store.EnqueueRefreshAsync(refresh, now, ct);
        logger.LogInformation("HubSpot webhook: {Count} events, {Duplicates} replayed, {Queued} records to refresh, {Deleted} deleted", events.Count, duplicates, refresh.Count, deleted);
        return TypedResults.Ok(new WebhookAck(events.Count, duplicates, refresh.Count, deleted));
    }
}
