using System.Buffers;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Trig.Crm.Worker.Endpoints;

/// <summary>
/// Per-endpoint request body limits. Kestrel's global <c>MaxRequestBodySize</c> is <see cref="ServerMax"/>; the middleware
/// lowers it to the endpoint's <see cref="RequestBodyLimit"/> (or <see cref="Default"/>) before any handler or filter runs,
/// and <see cref="ReadAsync"/> reads at most that many bytes, so an oversized or unauthenticated body is never buffered whole.
/// </summary>
internal static class RequestBodyLimits
{
    /// <summary>Kestrel's global cap: the largest per-endpoint limit.</summary>
    public const long ServerMax = 1024 * 1024;

    /// <summary>HubSpot webhook deliveries (at most 100 events each; 1 MB leaves ample room).</summary>
    public const long HubSpotWebhook = 1024 * 1024;

    /// <summary>Admin calls, card fetches, health and every endpoint without its own limit (none of them takes a body).</summary>
    public const long Default = 16 * 1024;

    public static TBuilder WithBodyLimit<TBuilder>(this TBuilder builder, long bytes)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequestBodyLimit(bytes));

    /// <summary>The limit of the request's endpoint.</summary>
    public static long For(HttpContext http) => http.GetEndpoint()?.Metadata.GetMetadata<RequestBodyLimit>()?.Bytes ?? Default;

    /// <summary>Applies the endpoint's limit to the server; runs after routing, before the endpoint.</summary>
    public static IApplicationBuilder UseRequestBodyLimits(this IApplicationBuilder app) =>
        app.Use((http, next) =>
        {
            if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            {
                feature.MaxRequestBodySize = For(http);
            }

            return next(http);
        });

    /// <summary>
    /// Reads the whole body, or returns null without reading it when its Content-Length is over <paramref name="limit"/>,
    /// or as soon as more than <paramref name="limit"/> bytes arrived (chunked bodies, or the server's own limit tripping).
    /// </summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, long limit, CancellationToken ct)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        var reader = request.BodyReader;
        try
        {
            while (true)
            {
                var read = await reader.ReadAsync(ct);
                var buffer = read.Buffer;
                if (buffer.Length > limit)
                {
                    reader.AdvanceTo(buffer.Start, buffer.End);
                    return null;
                }

                if (read.IsCompleted)
                {
                    var bytes = buffer.ToArray();
                    reader.AdvanceTo(buffer.End);
                    return bytes;
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }
    }

    /// <summary>The 413 answer, naming the limit.</summary>
    public static ProblemHttpResult TooLarge(HttpContext http) => TooLarge(For(http));

    public static ProblemHttpResult TooLarge(long limit) =>
        TypedResults.Problem(
            title: "Payload too large",
            detail: $"the request body is larger than this endpoint's limit of {limit} bytes",
            statusCode: StatusCodes.Status413PayloadTooLarge);
}
