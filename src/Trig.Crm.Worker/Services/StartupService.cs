using Trig.Crm.Engine.Definitions;
using Trig.Crm.Engine.Metadata;
using Trig.Crm.Store;

namespace Trig.Crm.Worker.Services;

/// <summary>At start: migrate the store, load the definitions, provision metadata properties.</summary>
internal sealed class StartupService(ITrigStore store, DefinitionCatalog catalog, MetadataPusher pusher, ILogger<StartupService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.MigrateAsync(cancellationToken);
        var set = await catalog.ReloadAsync(cancellationToken);
        if (set is null)
        {
            logger.LogError("No valid definitions in {Path}: nothing is evaluated until they are fixed", catalog.Path);
            return;
        }

        try
        {
            await pusher.ProvisionAsync(set, force: false, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Provisioning metadata properties failed; retried on the next cycle");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
