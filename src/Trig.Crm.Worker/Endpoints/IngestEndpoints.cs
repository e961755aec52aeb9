using Microsoft.Extensions.Options;
using Trig.Crm.Engine.Definitions;
using Trig.Crm.Ingest;
using Trig.Crm.Ingest.Identity;
using Trig.Crm.Ingest.Segment;
using Trig.Crm.Ingest.Telemetry;
using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Store;
using Trig.Crm.Store.Health;
using Trig.Crm.Store.Ingest;

namespace Trig.Crm.Worker.Endpoints;

/// <summary>
/// <c>POST /v1/identify</c>, <c>/v1/group</c>, <c>/v1/track</c> and <c>/v1/batch</c>: Segment's HTTP tracking API.
/// A call is validated as a whole (a bad message refuses it, naming the field, and stores nothing), committed to the
/// store before the 200, and wakes the fast path.
/// </summary>
internal static class IngestEndpoints
{
    public static IEndpointRouteBuilder MapIngestEndpoints(this IEndpointRouteBuilder app)
    {
        // Segment's documented limits (32 KB a message, 500 KB a batch) by default; Trig:Ingest can change them.
        var options = app.ServiceProvider.GetRequiredService<IOptions<IngestOptions>>().Value;
        var v1 = app.MapGroup("/v1");
        v1.MapPost("/identify", (HttpContext http, CancellationToken ct) => HandleAsync(http, IngestType.Identify, ct)).WithBodyLimit(options.MaxMessageBytes);
        v1.MapPost("/group", (HttpContext http, CancellationToken ct) => HandleAsync(http, IngestType.Group, ct)).WithBodyLimit(options.MaxMessageBytes);
        v1.MapPost("/track", (HttpContext http, CancellationToken ct) => HandleAsync(http, IngestType.Track, ct)).WithBodyLimit(options.MaxMessageBytes);
        v1.MapPost("/batch", (HttpContext http, CancellationToken ct) => HandleAsync(http, null, ct)).WithBodyLimit(options.MaxBatchBytes);
        return app;
    }

    /// <summary>The 200 body: Segment's <c>success</c>, plus what Trig did with the messages.</summary>
    internal sealed record IngestAck(bool Success, int Applied, int Duplicates, int Pending, int Ignored);

    /// <summary>The 400/401 body.</summary>
    internal sealed record IngestProblem(string Error, string? Field, string Message, int? Index);

    /// <summary>Seconds a client is asked to wait when the store cannot take writes (disk full).</summary>
    internal const int RetryAfterSeconds = 60;

    private static async Task<IResult> HandleAsync(HttpContext http, IngestType? type, CancellationToken ct)
    {
        var sp = http.RequestServices;
        var metrics = sp.GetRequiredService<IngestMetrics>();
        if (!sp.GetRequiredService<IngestAuthenticator>().IsAuthorized(http.Request.Headers.Authorization))
        {
            metrics.Refused("unauthorized");
            http.Response.Headers.WWWAuthenticate = "Basic realm=\"trig\"";
            return Results.Json(new IngestProblem("unauthorized", null, "Basic auth with the write key as the user name is required", null), statusCode: StatusCodes.Status401Unauthorized);
        }

        var options = sp.GetRequiredService<IOptions<IngestOptions>>().Value;
        var limit = type is null ? options.MaxBatchBytes : options.MaxMessageBytes;
        var body = await RequestBodyLimits.ReadAsync(http.Request, limit, ct);
        if (body is null)
        {
            metrics.Refused("too_large");
            return RequestBodyLimits.TooLarge(limit);
        }

        var time = sp.GetRequiredService<TimeProvider>();
        var schema = sp.GetRequiredService<DefinitionCatalog>().Current?.Schema ?? AttributeSchema.Empty;
        var parser = new SegmentParser(schema, options.MaxMessageBytes);
        var now = time.GetUtcNow();
        var parsed = type is { } t ? parser.ParseSingle(t, body, now) : parser.ParseBatch(body, now);
        if (parsed.Error is { } error)
        {
            metrics.Refused("invalid");
            return Invalid(error);
        }

        var writes = sp.GetRequiredService<StoreWriteState>();
        IngestResult result;
        try
        {
            result = await sp.GetRequiredService<ITrigStore>().IngestAsync(parsed.Messages, sp.GetRequiredService<IngestIdentityProvider>().Identity, ct);
        }
        catch (Exception ex) when (writes.RecordIfOutOfSpace(ex, time.GetUtcNow()))
        {
            // The write was one transaction: nothing is half-stored, and the sender keeps the messages and retries.
            metrics.Refused("unavailable");
            sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(IngestEndpoints)).LogError(ex, "Ingest refused: the store cannot take writes");
            http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Results.Problem(title: "Service unavailable", detail: "the store cannot take writes right now (disk full or failing); retry later",
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        writes.RecordSuccess();
        foreach (var group in parsed.Messages.GroupBy(m => m.Type))
        {
            metrics.Accepted(group.Key.ToString().ToLowerInvariant(), group.Count());
        }
        if (result.Applied > 0 && options.WakeFastPath)
        {
            sp.GetRequiredService<IngestSignal>().Notify(System.Diagnostics.Activity.Current?.Context ?? default);
        }

        return Results.Json(new IngestAck(true, result.Applied, result.Duplicates, result.Pending, parsed.Ignored));
    }

    private static IResult Invalid(IngestError e) =>
        Results.Json(new IngestProblem("invalid", e.Field, e.Message, e.Index), statusCode: StatusCodes.Status400BadRequest);
}
