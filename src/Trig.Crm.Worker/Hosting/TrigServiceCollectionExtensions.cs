using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Trig.Crm.Dataverse;
using Trig.Crm.HubSpot;
using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Slack;
using Trig.Crm.Store;
using Trig.Crm.Store.Sqlite;
using Trig.Crm.Worker.Crm;
using Trig.Crm.Worker.Engine;
using Trig.Crm.Worker.Options;

namespace Trig.Crm.Worker.Hosting;

/// <summary>The <c>Add…</c> methods of the host: core options, store, engine, CRM provider and action handlers.</summary>
public static class TrigServiceCollectionExtensions
{
    /// <summary>What every host needs: options, store, engine, the configured CRM and the action handlers.</summary>
    public static IHostApplicationBuilder AddTrigCore(this IHostApplicationBuilder builder) =>
        builder.AddTrigOptions().AddTrigStore().AddTrigEngine().AddTrigCrm().AddTrigActionHandlers();

    /// <summary>Options under <c>Trig</c>, validated at start-up, and the clock.</summary>
    public static IHostApplicationBuilder AddTrigOptions(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<TrigOptions>().Bind(builder.Configuration.GetSection("Trig")).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        return builder;
    }

    /// <summary>The store (<c>Trig:Store:Provider</c>): SQLite by default.</summary>
    public static IHostApplicationBuilder AddTrigStore(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton<ITrigStore>(sp =>
        {
            var o = sp.GetRequiredService<IOptions<TrigOptions>>().Value.Store;
            return o.Provider.ToLowerInvariant() switch
            {
                "sqlite" => new SqliteStore(o.ConnectionString, sp.GetRequiredService<TimeProvider>()),
                "postgres" or "postgresql" => throw new StartupException("Trig:Store:Provider=postgres is not available in this build yet; use sqlite"),
                _ => throw new StartupException($"Trig:Store:Provider '{o.Provider}' is unknown; use sqlite or postgres"),
            };
        });
        return builder;
    }

    /// <summary>Definitions, evaluation cycle, metadata push and the outbox dispatcher.</summary>
    public static IHostApplicationBuilder AddTrigEngine(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DefinitionCatalog>();
        builder.Services.AddSingleton<MetadataPusher>();
        builder.Services.AddSingleton<OutboxDispatcher>();
        builder.Services.AddSingleton<CycleRunner>();
        builder.Services.AddSingleton<Demo.DemoRunner>();
        builder.Services.AddSingleton<Import.CsvImporter>();
        return builder;
    }

    /// <summary>The CRM named by <c>Trig:Crm:Provider</c>: local (default), hubspot or dynamics.</summary>
    public static IHostApplicationBuilder AddTrigCrm(this IHostApplicationBuilder builder)
    {
        var provider = (builder.Configuration["Trig:Crm:Provider"] ?? "local").ToLowerInvariant();
        switch (provider)
        {
            case "local":
                builder.Services.AddSingleton<ICrmSource, LocalCrmSource>();
                builder.Services.AddSingleton<ICrmMetadataSink, LocalMetadataSink>();
                break;
            case "dynamics":
                builder.Services.AddTrigDataverse(builder.Configuration);
                break;
            case "hubspot":
                builder.Services.AddTrigHubSpot(builder.Configuration);
                break;
            default:
                throw new StartupException($"Trig:Crm:Provider '{provider}' is unknown; use local, hubspot or dynamics");
        }

        return builder;
    }

    /// <summary>Slack, webhook and email handlers for the outbox.</summary>
    public static IHostApplicationBuilder AddTrigActionHandlers(this IHostApplicationBuilder builder)
    {
        builder.Services.AddTrigActions(builder.Configuration);
        return builder;
    }

}
