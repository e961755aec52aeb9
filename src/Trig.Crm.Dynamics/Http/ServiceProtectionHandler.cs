using System.Net;
using Microsoft.Extensions.Logging;
using Trig.Crm.Dynamics.Telemetry;

namespace Trig.Crm.Dynamics.Http;

/// <summary>
/// Outermost handler of every Dataverse client: holds a slot of the <see cref="ServiceProtectionGate"/> while a
/// request is in flight, and on a 429 waits the full Retry-After (on the injected clock) and sends the same request
/// again, so throttling never loses a read or a write. Transient 5xx retries are Polly's job, further in.
/// </summary>
internal sealed class ServiceProtectionHandler(ServiceProtectionGate gate, DataverseMetrics metrics, ILogger<ServiceProtectionHandler> logger) : DelegatingHandler
{
    /// <summary>Throttled attempts per request before the 429 is handed back to the caller.</summary>
    internal const int MaxThrottledAttempts = 10;

    internal static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(10);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var waiting = gate.Time.GetTimestamp();
            await gate.AcquireAsync(cancellationToken);
            metrics.PacerWaited(gate.Time.GetElapsedTime(waiting));
            HttpResponseMessage response;
            try
            {
                response = await base.SendAsync(request, cancellationToken);
            }
            catch
            {
                gate.Release(success: false);
                throw;
            }

            metrics.Request((int)response.StatusCode);
            if (response.StatusCode != HttpStatusCode.TooManyRequests)
            {
                gate.Release(success: response.IsSuccessStatusCode);
                return response;
            }

            metrics.RateLimited(DataverseMetrics.ServiceProtection);
            var retryAfter = RetryAfter(response, gate.Time);
            var until = gate.Throttle(retryAfter);
            gate.Release(success: false);
            logger.LogWarning(
                "Dataverse service protection limit hit on {Method} {Path}: waiting {RetryAfter} (until {Until:O}), attempt {Attempt}",
                request.Method, request.RequestUri?.AbsolutePath, retryAfter, until, attempt);
            if (attempt >= MaxThrottledAttempts)
            {
                return response;
            }

            response.Dispose();
        }
    }

    internal static TimeSpan RetryAfter(HttpResponseMessage response, TimeProvider time)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta && delta > TimeSpan.Zero)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.FromSeconds(1);
        }

        return DefaultRetryAfter;
    }
}
