using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Store;

namespace Trig.Crm.Engine.Cycle;

/// <summary>Pulls from the configured CRM into the store, then runs every registered <see cref="IPullFollowUp"/>.</summary>
internal sealed class CyclePull(ICrmSource source, ITrigStore store, IEnumerable<IPullFollowUp> followUps)
{
    public string Provider => source.Provider;

    public async Task<CrmPullSummary> PullAsync(CrmPullRequest request, CancellationToken ct)
    {
        var summary = await source.PullAsync(store, request, ct);
        foreach (var followUp in followUps)
        {
            await followUp.AfterPullAsync(ct);
        }

        return summary;
    }
}
