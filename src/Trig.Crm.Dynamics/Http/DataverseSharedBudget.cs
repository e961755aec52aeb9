using Microsoft.Extensions.Options;
using Trig.Crm.Pacing;
using Trig.Crm.Lifecycle.Ports;

namespace Trig.Crm.Dynamics.Http;

/// <summary>
/// The application user's Dataverse request budget, shared by every process on one store: the service protection
/// limit of <see cref="DataverseOptions.RequestsPerFiveMinutes"/> requests per user in a 5-minute sliding window, kept
/// in the store's <see cref="ICrmRequestBudget"/> under provider <c>dynamics</c> and policy <see cref="Policy"/>.
/// Present only when a budget is registered and <c>Trig:Pacing:Shared</c> is on; otherwise <see cref="Limiter"/> is
/// null and each process paces alone (concurrency and Retry-After, <see cref="ServiceProtectionGate"/>).
/// </summary>
/// <remarks>
/// On the injected clock, like the gate's Retry-After waits: in service it is the system clock, so every process on
/// the store names the same window; in tests it is a fake clock the test moves.
/// </remarks>
internal sealed class DataverseSharedBudget : IDisposable
{
    /// <summary>The budget's provider in the store.</summary>
    public const string Provider = "dynamics";

    /// <summary>The budget's policy in the store: Microsoft's name for the limit ("Number of requests", 0x80072322).</summary>
    public const string Policy = "NumberOfRequests";

    /// <summary>Dataverse evaluates the service protection limits in a 5-minute sliding window.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromMinutes(5);

    public DataverseSharedBudget(
        IOptions<DataverseOptions> options,
        IOptions<CrmPacingOptions> pacing,
        TimeProvider time,
        ICrmRequestBudget? budget = null)
    {
        var p = pacing.Value;
        if (budget is not null && p.Shared)
        {
            Limiter = new SharedBudgetRateLimiter(
                budget,
                new CrmBudgetPolicy(Provider, Policy, options.Value.RequestsPerFiveMinutes, Period, p.Slices, p.Batch),
                time);
        }
    }

    /// <summary>The cluster-wide limiter every request takes a permit from, or null when this process paces alone.</summary>
    public SharedBudgetRateLimiter? Limiter { get; }

    public void Dispose() => Limiter?.Dispose();
}
