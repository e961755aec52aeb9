using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Trig.Crm.Worker.Telemetry;

/// <summary>
/// OTLP export for a one-shot CLI command (<c>sync --once</c>, <c>import</c>, …). Its host is never started, so the
/// SDK's hosted service never builds the providers and nothing would be collected; and a periodic exporter would not
/// fire before the process exits. So, when OTLP is configured, the providers are built before the command runs and
/// shut down (a last collection and export of metrics, the batched spans) when it ends, while the store the
/// observable gauges read is still open.
/// </summary>
internal sealed class OneShotExport : IDisposable
{
    /// <summary>How long the last export may take: an unreachable collector must not hold up the command's exit for long.</summary>
    internal static readonly TimeSpan FlushTimeout = TimeSpan.FromSeconds(10);

    private readonly MeterProvider? _meters;
    private readonly TracerProvider? _tracer;

    private OneShotExport(MeterProvider? meters, TracerProvider? tracer)
    {
        _meters = meters;
        _tracer = tracer;
    }

    /// <summary>Builds the providers when OTLP export is configured and the SDK is on; otherwise does nothing.</summary>
    public static OneShotExport Start(IServiceProvider services)
    {
        var configuration = services.GetRequiredService<IConfiguration>();
        if (!TelemetryComposition.OtlpConfigured(configuration))
        {
            return new OneShotExport(null, null);
        }

        return new OneShotExport(services.GetService<MeterProvider>(), services.GetService<TracerProvider>());
    }

    public void Dispose()
    {
        var timeout = (int)FlushTimeout.TotalMilliseconds;
        _tracer?.Shutdown(timeout);
        _meters?.Shutdown(timeout);
    }
}
