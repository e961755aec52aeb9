using Microsoft.Extensions.DependencyInjection.Extensions;
using Trig.Crm.Engine.Authoring;
using Trig.Crm.Engine.Alerts;
using Trig.Crm.Engine.Cards;
using Trig.Crm.Engine.Cluster;
using Trig.Crm.Engine.Cycle;
using Trig.Crm.Engine.Definitions;
using Trig.Crm.Engine.Demo;
using Trig.Crm.Engine.Insights;
using Trig.Crm.Engine.LocalCrm;
using Trig.Crm.Engine.Metadata;
using Trig.Crm.Engine.Options;
using Trig.Crm.Engine.Outbox;
using Trig.Crm.Engine.Telemetry;
using Trig.Crm.Store.Health;
using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Store;
using Trig.Crm.Store.Authoring;

namespace Trig.Crm.Engine;

/// <summary>Registers the engine: definitions, the cycle, metadata push, outbox dispatch, cards and the demo.</summary>
public static class EngineServiceCollectionExtensions
{
    /// <summary>Options under <c>Trig</c> (validated at start-up), the clock and the engine's services.</summary>
    public static IHostApplicationBuilder AddTrigEngine(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<TrigOptions>().Bind(builder.Configuration.GetSection("Trig")).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<CardOptions>().Bind(builder.Configuration.GetSection(CardOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<IDefinitionAuthoringStore>(sp => sp.GetRequiredService<ITrigStore>());
        builder.Services.AddSingleton<DefinitionCatalog>();
        builder.Services.AddSingleton<MetadataPusher>();
        builder.Services.AddSingleton<OutboxDispatcher>();
        builder.Services.AddSingleton<CycleGate>();
        builder.Services.AddSingleton<CyclePull>();
        builder.Services.AddSingleton<CyclePush>();
        builder.Services.AddSingleton<FullCycle>();
        builder.AddTrigCluster();
        builder.Services.AddSingleton<IncrementalCycle>();
        builder.Services.AddSingleton<CyclePreview>();
        builder.Services.AddSingleton<AuthoringPreviewBuilder>();
        builder.Services.AddSingleton<DefinitionAuthoring>();
        builder.Services.AddSingleton<CardService>();
        builder.Services.AddOptions<NextStepsOptions>().Bind(builder.Configuration.GetSection(NextStepsOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<ICardNextSteps, NextStepsRanking>();
        builder.Services.AddSingleton<DemoRunner>();
        builder.AddTrigInsights();
        builder.Services.AddMetrics();
        builder.Services.AddSingleton<EngineMetrics>();
        builder.Services.AddSingleton<StoreWriteState>();
        builder.Services.AddOptions<AlertOptions>().Bind(builder.Configuration.GetSection(AlertOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton<IAlertNotifier, NoAlertNotifier>();
        // The host replaces this with the interval of Trig:Schedule:Cycle (a cron the engine does not parse).
        builder.Services.TryAddSingleton(new CycleSchedule(TimeSpan.FromMinutes(15)));
        builder.Services.AddSingleton<StaleAlerts>();
        return builder;
    }

    /// <summary>The built-in local CRM (<c>Trig:Crm:Provider=local</c>): records and metadata live in the store.</summary>
    public static IHostApplicationBuilder AddTrigLocalCrm(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ICrmSource, LocalCrmSource>();
        builder.Services.AddSingleton<ICrmMetadataSink, LocalMetadataSink>();
        return builder;
    }
}
