namespace Trig.Crm.Worker.Telemetry;

/// <summary>
/// Metrics and traces, bound from <c>Trig:Telemetry</c>. OTLP export is configured by the standard
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (export is on only when it is set) and <c>OTEL_SERVICE_NAME</c> variables.
/// </summary>
internal sealed class TelemetryOptions
{
    public const string Section = "Trig:Telemetry";

    /// <summary>Collect metrics and traces at all (OpenTelemetry SDK). Default true; false leaves the instruments unobserved.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Collect metrics (the <c>Trig.Crm</c> meter, ASP.NET Core and HttpClient). Default true.</summary>
    public bool Metrics { get; set; } = true;

    /// <summary>
    /// Collect traces (one per cycle, HTTP spans beneath). Default: on whenever an exporter is configured
    /// (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>), off otherwise, since spans nobody exports are pure cost; true collects them
    /// anyway (for an exporter added in code), false keeps them off with OTLP metrics still exported.
    /// </summary>
    public bool? Traces { get; set; }

    /// <summary>Serve <c>GET /metrics</c> (Prometheus text format) on the HTTP listener. Default true.</summary>
    public bool Prometheus { get; set; } = true;
}
