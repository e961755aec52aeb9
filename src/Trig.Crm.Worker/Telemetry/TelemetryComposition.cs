using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Trig.Crm.Engine.Alerts;
using Trig.Crm.Engine.Cycle;
using Trig.Crm.Engine.Options;
using Trig.Crm.Engine.Telemetry;
using Trig.Crm.Worker.Health;
using Trig.Crm.Worker.Services;

namespace Trig.Crm.Worker.Telemetry;

/// <summary>
/// Observability for every host: the OpenTelemetry SDK over the <c>Trig.Crm</c> meter and activity source plus
/// ASP.NET Core and HttpClient instrumentation (outgoing CRM, Slack and webhook calls become child spans of the
/// cycle), OTLP export when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, the Prometheus exporter behind
/// <c>GET /metrics</c>, the health checks, the cycle interval and the Slack-bound stale alert.
/// </summary>
internal static class TelemetryComposition
{
    public static IHostApplicationBuilder AddTrigTelemetry(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new();
        builder.Services.AddOptions<TelemetryOptions>().Bind(builder.Configuration.GetSection(TelemetryOptions.Section));

        // Read at composition time: the cron is fixed for the life of the host, like the Quartz trigger built from it.
        var schedule = builder.Configuration.GetSection("Trig:Schedule").Get<TrigOptions.ScheduleSection>() ?? new();
        builder.Services.AddSingleton(new CycleSchedule(CronInterval.Of(schedule.Cycle, TimeSpan.FromMinutes(15))));
        builder.Services.AddSingleton<IAlertNotifier, SlackAlertNotifier>();
        builder.Services.AddHostedService<StaleAlertService>();
        builder.AddTrigHealthChecks();

        if (options.Enabled)
        {
            builder.AddOpenTelemetrySdk(options);
        }

        return builder;
    }

    /// <summary><c>GET /metrics</c> in Prometheus text format, when <c>Trig:Telemetry:Prometheus</c> (default on).</summary>
    public static IEndpointRouteBuilder MapTrigMetrics(this IEndpointRouteBuilder app)
    {
        var options = app.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<TelemetryOptions>>().Value;
        if (options.Enabled && options.Metrics && options.Prometheus)
        {
            app.MapPrometheusScrapingEndpoint("/metrics");
        }

        return app;
    }

    private static void AddOpenTelemetrySdk(this IHostApplicationBuilder builder, TelemetryOptions options)
    {
        var otlp = OtlpConfigured(builder.Configuration);
        var named = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_SERVICE_NAME"]);
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r =>
            {
                // OTEL_SERVICE_NAME (read by the SDK's environment detector) wins; otherwise the executable's name.
                if (!named)
                {
                    r.AddService("trig");
                }
            });
        if (options.Metrics)
        {
            otel.WithMetrics(m =>
            {
                m.AddMeter(TrigTelemetry.Name).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation();
                if (options.Prometheus)
                {
                    m.AddPrometheusExporter();
                }

                if (otlp)
                {
                    m.AddOtlpExporter();
                }
            });
        }

        if (options.Traces ?? otlp)
        {
            otel.WithTracing(t =>
            {
                t.AddSource(TrigTelemetry.Name)
                    .AddAspNetCoreInstrumentation(o => o.Filter = http => !IsProbe(http.Request.Path))
                    .AddHttpClientInstrumentation();
                if (otlp)
                {
                    t.AddOtlpExporter();
                }
            });
        }
    }

    /// <summary>OTLP export is on when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (environment or configuration).</summary>
    internal static bool OtlpConfigured(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);

    /// <summary>Scrapes and probes arrive every few seconds; a trace each would drown the cycles.</summary>
    private static bool IsProbe(PathString path) => path.StartsWithSegments("/metrics") || path.StartsWithSegments("/health");
}
