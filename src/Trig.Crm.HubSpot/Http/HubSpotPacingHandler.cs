using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Trig.Crm.HubSpot.Api;
using Trig.Crm.HubSpot.Telemetry;

namespace Trig.Crm.HubSpot.Http;

/// <summary>
/// Paces every request through the shared <see cref="HubSpotRateLimiter"/> and handles 429s by policy:
/// <c>TEN_SECONDLY_ROLLING</c> waits Retry-After (or the interval header, or one window) and retries;
/// <c>DAILY</c> blocks all calls until the reset and throws <see cref="HubSpotDailyLimitException"/>.
/// </summary>
internal sealed class HubSpotPacingHandler(
    HubSpotRateLimiter limiter,
    TimeProvider time,
    IOptions<HubSpotOptions> options,
    HubSpotMetrics metrics,
    ILogger<HubSpotPacingHandler> logger) : DelegatingHandler
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var search = request.Method == HttpMethod.Post
            && request.RequestUri?.AbsolutePath.EndsWith("/search", StringComparison.Ordinal) == true;
        if (request.Content is not null)
        {
            // Buffered, so the same request can be sent again after a ten-secondly 429.
            await request.Content.LoadIntoBufferAsync(cancellationToken);
        }

        for (var attempt = 0; ; attempt++)
        {
            HttpResponseMessage response;
            var waiting = time.GetTimestamp();
            using (await limiter.AcquireAsync(search, cancellationToken))
            {
                metrics.PacerWaited(time.GetElapsedTime(waiting));
                response = await base.SendAsync(request, cancellationToken);
            }

            metrics.Request((int)response.StatusCode);
            if (response.StatusCode != HttpStatusCode.TooManyRequests)
            {
                return response;
            }

            var body = await ReadErrorAsync(response, cancellationToken);
            metrics.RateLimited(body?.PolicyName);
            var now = time.GetUtcNow();
            if (string.Equals(body?.PolicyName, "DAILY", StringComparison.OrdinalIgnoreCase))
            {
                var resetsAt = RetryAfter(response) is { } delay ? now + delay : NextUtcMidnight(now);
                limiter.BlockDaily(resetsAt);
                response.Dispose();
                throw new HubSpotDailyLimitException(resetsAt);
            }

            if (attempt >= options.Value.MaxRateLimitRetries)
            {
                logger.LogWarning("HubSpot still answers 429 ({Policy}) after {Attempts} waits; giving up on {Method} {Path}", body?.PolicyName, attempt, request.Method, request.RequestUri?.AbsolutePath);
                return response;
            }

            // TEN_SECONDLY_ROLLING, SECONDLY (search) or unknown: wait it out for every caller, then retry.
            var wait = RetryAfter(response) ?? IntervalHeader(response) ?? options.Value.PacingWindow;
            logger.LogWarning("HubSpot rate limit ({Policy}) on {Method} {Path}; waiting {Wait}", body?.PolicyName ?? "unknown", request.Method, request.RequestUri?.AbsolutePath, wait);
            response.Dispose();
            limiter.PauseUntil(now + wait);
        }
    }

    private static async Task<HubSpotErrorResponse?> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            return string.IsNullOrWhiteSpace(text) ? null : JsonSerializer.Deserialize<HubSpotErrorResponse>(text, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var retryAfter = response.Headers.RetryAfter;
        if (retryAfter?.Delta is { } delta)
        {
            return delta;
        }

        if (retryAfter?.Date is { } date)
        {
            var delay = date - time.GetUtcNow();
            return delay > TimeSpan.Zero ? delay : TimeSpan.Zero;
        }

        return null;
    }

    private static TimeSpan? IntervalHeader(HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-HubSpot-RateLimit-Interval-Milliseconds", out var values)
        && long.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) && ms > 0
            ? TimeSpan.FromMilliseconds(ms)
            : null;

    private static DateTimeOffset NextUtcMidnight(DateTimeOffset now) => new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddDays(1);
}
