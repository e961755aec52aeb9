using Microsoft.Extensions.Diagnostics.HealthChecks;
using Trig.Crm.Store;

namespace Trig.Crm.Worker.Health;

/// <summary><c>store</c>: the store answers a query. Unhealthy otherwise.</summary>
internal sealed class StoreHealthCheck(ITrigStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await store.PingAsync(cancellationToken) ? HealthCheckResult.Healthy("the store answers") : HealthCheckResult.Unhealthy("the store does not answer");
}
