using Microsoft.Extensions.Diagnostics.HealthChecks;
using Trig.Crm.Store.Health;

namespace Trig.Crm.Worker.Health;

/// <summary>
/// <c>store_writes</c>: Unhealthy from a write that failed because the disk is full or failing (SQLITE_FULL, I/O
/// error) until a write succeeds again; ingest answers 503 meanwhile.
/// </summary>
internal sealed class StoreWritesHealthCheck(StoreWriteState writes) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(writes.Failure is { } f
            ? HealthCheckResult.Unhealthy($"store writes fail since {f.At:u}: {f.Reason}", data: new Dictionary<string, object> { ["since"] = f.At })
            : HealthCheckResult.Healthy("the last store write succeeded"));
}
