using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Trig.Crm.Worker.Health;

namespace Trig.Crm.Worker.Endpoints;

/// <summary>
/// <c>/health</c> and <c>/health/live</c> (liveness: the process answers) and <c>/health/ready</c> (readiness: the
/// checks of <see cref="HealthComposition"/>), on ASP.NET Core's health-check middleware. Anonymous callers get only
/// <c>healthy</c>, <c>degraded</c> or <c>unhealthy</c>, with 200/200/503; the details (each check's status,
/// description and data; definition errors, which may name server paths) need the admin credentials of
/// <see cref="AdminAuthFilter"/>.
/// </summary>
internal static class HealthEndpoints
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        // Resolved now, so "since start" in the cycle check counts from when the host came up.
        app.ServiceProvider.GetRequiredService<HealthStart>();
        var live = new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteLiveAsync };
        app.MapHealthChecks("/health", live);
        app.MapHealthChecks("/health/live", live);
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = c => c.Tags.Contains(HealthComposition.Ready),
            ResponseWriter = WriteReadyAsync,
        });
        return app;
    }

    internal sealed record ReadyStatus(string Status);

    internal sealed record CheckDetails(string Status, string? Description, IReadOnlyDictionary<string, object>? Data);

    /// <summary>
    /// The admin body: the overall status, each check by name, and (kept from the earlier endpoint) whether the store
    /// answers, the definitions version in force and the errors of the last refused reload.
    /// </summary>
    internal sealed record ReadyDetails(string Status, bool Store, string? Definitions, string? DefinitionErrors, IReadOnlyDictionary<string, CheckDetails> Checks);

    private static Task WriteLiveAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json";
        return http.Response.WriteAsJsonAsync(new { status = "ok" }, Json);
    }

    private static async Task WriteReadyAsync(HttpContext http, HealthReport report)
    {
        var (actor, tooLarge) = await http.RequestServices.GetRequiredService<AdminAuthFilter>().AuthenticateAsync(http);
        if (tooLarge)
        {
            await RequestBodyLimits.TooLarge(http).ExecuteAsync(http);
            return;
        }

        var status = Text(report.Status);
        http.Response.ContentType = "application/json";
        if (actor is null)
        {
            await http.Response.WriteAsJsonAsync(new ReadyStatus(status), Json);
            return;
        }

        var checks = report.Entries.ToDictionary(e => e.Key, e => new CheckDetails(Text(e.Value.Status), e.Value.Description ?? e.Value.Exception?.Message,
            e.Value.Data.Count == 0 ? null : e.Value.Data), StringComparer.Ordinal);
        var definitions = report.Entries.GetValueOrDefault("definitions");
        var store = report.Entries.TryGetValue("store", out var s) && s.Status == HealthStatus.Healthy;
        await http.Response.WriteAsJsonAsync(
            new ReadyDetails(status, store, definitions.Data.GetValueOrDefault("version") as string,
                definitions.Status == HealthStatus.Healthy ? null : definitions.Description, checks),
            Json);
    }

    private static string Text(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "healthy",
        HealthStatus.Degraded => "degraded",
        _ => "unhealthy",
    };
}
