using Microsoft.Extensions.Diagnostics.HealthChecks;
using Trig.Crm.Engine.Cycle;
using Trig.Crm.Store;

namespace Trig.Crm.Worker.Health;

/// <summary>
/// <c>last_cycle</c>: the last completed full cycle is at most 2× the cycle interval old (Healthy), at most 4×
/// (Degraded), or older (Unhealthy). Before the first cycle, age counts from when this process started checking.
/// </summary>
internal sealed class LastCycleHealthCheck(ITrigStore store, CycleSchedule schedule, HealthStart start, TimeProvider time) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var runs = await store.RecentRunsAsync(50, cancellationToken);
        var last = runs.FirstOrDefault(r => r.Succeeded);
        var since = last is null ? start.At : last.StartedAt + last.Duration;
        var age = time.GetUtcNow() - since;
        var data = new Dictionary<string, object> { ["ageSeconds"] = Math.Round(age.TotalSeconds), ["intervalSeconds"] = schedule.Interval.TotalSeconds };
        if (last is not null)
        {
            data["lastCompleted"] = since;
        }

        if (runs.Count > 0 && runs[0] is { Succeeded: false } failed)
        {
            data["lastError"] = failed.Error ?? "";
        }

        var what = last is null ? $"no full cycle completed since start {age.TotalMinutes:0} min ago" : $"last full cycle completed {age.TotalMinutes:0} min ago";
        return age <= schedule.Interval * 2 ? HealthCheckResult.Healthy(what, data)
            : age <= schedule.Interval * 4 ? HealthCheckResult.Degraded($"{what} (more than 2× the {schedule.Interval} interval)", data: data)
            : HealthCheckResult.Unhealthy($"{what} (more than 4× the {schedule.Interval} interval)", data: data);
    }
}
