using Microsoft.Extensions.Diagnostics.HealthChecks;
using Trig.Crm.Engine.Definitions;

namespace Trig.Crm.Worker.Health;

/// <summary>
/// <c>definitions</c>: a valid definition set is loaded (Unhealthy without one); Degraded when the last reload was
/// refused and the previous set stays in force. The errors name server paths: only admins see the description.
/// </summary>
internal sealed class DefinitionsHealthCheck(DefinitionCatalog catalog) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var set = catalog.Current;
        var data = new Dictionary<string, object>();
        if (set is not null)
        {
            data["version"] = set.Version;
        }

        return Task.FromResult(set is null
            ? HealthCheckResult.Unhealthy(catalog.LastErrors ?? "no valid definition set is loaded", data: data)
            : string.IsNullOrEmpty(catalog.LastErrors)
                ? HealthCheckResult.Healthy($"definitions {set.Version} in force", data)
                : HealthCheckResult.Degraded(catalog.LastErrors, data: data));
    }
}
