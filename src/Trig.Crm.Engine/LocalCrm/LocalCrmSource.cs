using Trig.Crm.Lifecycle.Ports;

namespace Trig.Crm.Engine.LocalCrm;

/// <summary>The built-in local CRM: entities already live in the store (imported, ingested, or the demo), so a pull reads nothing.</summary>
internal sealed class LocalCrmSource : ICrmSource
{
    public string Provider => "local";

    public Task<CrmPullSummary> PullAsync(ICrmPullTarget target, CrmPullRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(new CrmPullSummary(0, 0, 0, 0, []));
}
