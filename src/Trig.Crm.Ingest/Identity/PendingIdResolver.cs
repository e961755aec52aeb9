using Trig.Crm.Engine.Cycle;
using Trig.Crm.Store;

namespace Trig.Crm.Ingest.Identity;

/// <summary>
/// After every pull (full, incremental or targeted), ingest messages kept for unknown ids are re-checked, so records
/// that just appeared in the CRM get their traits and events.
/// </summary>
internal sealed class PendingIdResolver(ITrigStore store, IngestIdentityProvider identity, ILogger<PendingIdResolver> logger) : IPullFollowUp
{
    public async Task AfterPullAsync(CancellationToken cancellationToken)
    {
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
    }
}
