using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Store;

namespace Trig.Crm.Worker.Ingest;

/// <summary>
/// Wraps the CRM source: after every pull (full, incremental or targeted), ingest messages kept for unknown ids
/// are re-checked, so records that just appeared in the CRM get their traits and events.
/// </summary>
internal sealed class PendingResolvingCrmSource(ICrmSource inner, ITrigStore store, IngestIdentityProvider identity, ILogger<PendingResolvingCrmSource> logger) : ICrmSource
{
    public string Provider => inner.Provider;

    public async Task<CrmPullSummary> PullAsync(ICrmPullTarget target, CrmPullRequest request, CancellationToken cancellationToken)
    {
        var summary = await inner.PullAsync(target, request, cancellationToken);
        try
        {
            var linked = await store.ResolvePendingAsync(identity.Identity, cancellationToken);
            if (linked > 0)
            {
                logger.LogInformation("Linked {Count} pending ingest messages after the pull", linked);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The pull itself succeeded; pending messages stay and are tried again.
            logger.LogError(ex, "Re-checking pending ingest messages failed");
        }

        return summary;
    }
}
