using Microsoft.Extensions.DependencyInjection.Extensions;
using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Store;
using Trig.Crm.Worker.Warehouse;

namespace Trig.Crm.Worker.Ingest;

/// <summary>Registers product data in: the Segment-compatible ingest API, its fast path, pending-id re-checks and warehouse sources.</summary>
public static class IngestServiceCollectionExtensions
{
    /// <summary>
    /// Options under <c>Trig:Ingest</c>, the auth check, the wake-up signal and its fast-path loop, the re-check of
    /// pending ids after every CRM pull, and the <c>Trig:Warehouse:Sources</c> jobs. Call after <c>AddTrigCrm</c>.
    /// </summary>
    public static IHostApplicationBuilder AddTrigIngest(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<IngestOptions>().Bind(builder.Configuration.GetSection(IngestOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton<IngestAuthenticator>();
        builder.Services.TryAddSingleton<IngestSignal>();
        builder.Services.TryAddSingleton<IngestIdentityProvider>();
        builder.Services.AddHostedService<IngestFastPathService>();
        DecorateCrmSource(builder.Services);
        builder.AddTrigWarehouse();
        return builder;
    }

    private static void DecorateCrmSource(IServiceCollection services)
    {
        var inner = services.LastOrDefault(d => d.ServiceType == typeof(ICrmSource));
        if (inner is null)
        {
            return;
        }

        services.Remove(inner);
        services.AddSingleton<ICrmSource>(sp =>
        {
            var source = inner.ImplementationInstance as ICrmSource
                ?? (ICrmSource?)inner.ImplementationFactory?.Invoke(sp)
                ?? (ICrmSource)ActivatorUtilities.CreateInstance(sp, inner.ImplementationType!);
            return new PendingResolvingCrmSource(source, sp.GetRequiredService<ITrigStore>(), sp.GetRequiredService<IngestIdentityProvider>(), sp.GetRequiredService<ILogger<PendingResolvingCrmSource>>());
        });
    }
}
