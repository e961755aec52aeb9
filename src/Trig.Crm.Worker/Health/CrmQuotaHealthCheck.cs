using Microsoft.Extensions.Diagnostics.HealthChecks;
using Trig.Crm.Lifecycle.Ports;

namespace Trig.Crm.Worker.Health;

/// <summary>
/// <c>crm_quota</c>: the CRM's daily API limit is not exhausted. Degraded while it is (no pull or push until the
/// reset; ingest, cards and actions go on). Healthy for CRMs that report no quota (the local one).
/// </summary>
internal sealed class CrmQuotaHealthCheck(IEnumerable<ICrmQuota> quotas) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var exhausted = quotas.Where(q => q.DailyLimitResetsAt is not null).ToList();
        if (exhausted.Count == 0)
        {
            return Task.FromResult(HealthCheckResult.Healthy("the CRM's daily limit is not exhausted"));
        }

        var data = exhausted.ToDictionary(q => q.Provider, q => (object)q.DailyLimitResetsAt!.Value);
        var what = string.Join("; ", exhausted.Select(q => $"{q.Provider} daily API limit exhausted until {q.DailyLimitResetsAt:u}"));
        return Task.FromResult(HealthCheckResult.Degraded(what, data: data));
    }
}
