using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Trig.Crm.Actions;
using Trig.Crm.Dynamics;
using Trig.Crm.Engine;
using Trig.Crm.Engine.Options;
using Trig.Crm.HubSpot;
using Trig.Crm.Ingest;
using Trig.Crm.Store;
using Trig.Crm.Store.Sqlite;
using Trig.Crm.Worker.Telemetry;

namespace Trig.Crm.Worker.Hosting;

/// <summary>
/// The one composition: <c>trig run</c>, <c>sync --once</c> and every CLI command build this same service graph. The
/// service adds only its hosted loops, Quartz schedules and HTTP endpoints on top (<see cref="TrigHost"/>).
/// </summary>
internal static class TrigComposition
{
    /// <summary>Store, engine, the configured CRM, action handlers, product data in, and telemetry and health.</summary>
    public static IHostApplicationBuilder AddTrig(this IHostApplicationBuilder builder) =>
        builder.AddTrigEngine().AddTrigStore().AddTrigCrm().AddTrigActions().AddTrigIngest().AddTrigTelemetry();

    /// <summary>The store (<c>Trig:Store:Provider</c>): SQLite by default.</summary>
    private static IHostApplicationBuilder AddTrigStore(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton<ITrigStore>(sp =>
        {
            var o = sp.GetRequiredService<IOptions<TrigOptions>>().Value.Store;
            return o.Provider.ToLowerInvariant() switch
            {
                "sqlite" => new SqliteStore(o.ConnectionString, sp.GetRequiredService<TimeProvider>()),
                "postgres" or "postgresql" => PostgresStoreFactory.Create(o.ConnectionString, sp.GetRequiredService<TimeProvider>()),
                _ => throw new StartupException($"Trig:Store:Provider '{o.Provider}' is unknown; use sqlite or postgres"),
            };
        });
        builder.Services.TryAddSingleton<Lifecycle.Ports.ICrmRequestBudget, Store.Pacing.StoreRequestBudget>();
        return builder;
    }

    /// <summary>The CRM named by <c>Trig:Crm:Provider</c>: local (default), hubspot or dynamics.</summary>
    private static IHostApplicationBuilder AddTrigCrm(this IHostApplicationBuilder builder)
    {
        // Read at composition time: the provider decides which services exist, so it cannot wait for Options.
        var provider = (builder.Configuration.GetSection("Trig:Crm").Get<TrigOptions.CrmSection>() ?? new()).Provider.ToLowerInvariant();
        return provider switch
        {
            "local" => builder.AddTrigLocalCrm(),
            "dynamics" => builder.AddTrigDynamics(),
            "hubspot" => builder.AddTrigHubSpot(),
            _ => throw new StartupException($"Trig:Crm:Provider '{provider}' is unknown; use local, hubspot or dynamics"),
        };
    }
}
