using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Trig.Crm.Store;

namespace Trig.Crm.Worker.Health;

/// <summary>
/// <c>outbox</c>: the oldest due action has waited at most <see cref="HealthOptions.OutboxMaxDueAge"/>; Degraded
/// otherwise (actions are not going out: a channel down, or no dispatcher running). Waiting rows (channel not
/// configured) are not due and do not count.
/// </summary>
internal sealed class OutboxHealthCheck(ITrigStore store, IOptions<HealthOptions> options, TimeProvider time) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        if (await store.OldestDueActionAsync(now, cancellationToken) is not { } due)
        {
            return HealthCheckResult.Healthy("no action is overdue");
        }

        var age = now - due;
        var data = new Dictionary<string, object> { ["oldestDueSince"] = due, ["ageSeconds"] = Math.Round(age.TotalSeconds) };
        return age <= options.Value.OutboxMaxDueAge
            ? HealthCheckResult.Healthy($"oldest due action waits {age.TotalSeconds:0} s", data)
            : HealthCheckResult.Degraded($"oldest due action has waited {age.TotalMinutes:0} min (more than {options.Value.OutboxMaxDueAge})", data: data);
    }
}
