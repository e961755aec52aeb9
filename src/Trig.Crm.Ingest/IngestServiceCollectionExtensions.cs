using Microsoft.Extensions.DependencyInjection.Extensions;
using Trig.Crm.Engine.Cycle;
using Trig.Crm.Ingest.Csv;
using Trig.Crm.Ingest.Identity;
using Trig.Crm.Ingest.Segment;
using Trig.Crm.Ingest.Warehouse;

namespace Trig.Crm.Ingest;

/// <summary>Registers product data in: the Segment-compatible API, identity rules, CSV import and warehouse sources.</summary>
public static class IngestServiceCollectionExtensions
{
    /// <summary>
    /// Options under <c>Trig:Ingest</c> and <c>Trig:Warehouse</c>, the auth check, the wake-up signal, the CSV
    /// importer, the warehouse sync and the re-check of pending ids after every CRM pull.
    /// </summary>
    public static IHostApplicationBuilder AddTrigIngest(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<IngestOptions>().Bind(builder.Configuration.GetSection(IngestOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<WarehouseOptions>().Bind(builder.Configuration.GetSection(WarehouseOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton<IngestAuthenticator>();
        builder.Services.TryAddSingleton<IngestSignal>();
        builder.Services.TryAddSingleton<Telemetry.IngestMetrics>();
        builder.Services.TryAddSingleton<IngestIdentityProvider>();
        builder.Services.AddSingleton<IPullFollowUp, PendingIdResolver>();
        builder.Services.AddSingleton<CsvImporter>();
        builder.Services.AddSingleton<WarehouseSync>();
        return builder;
    }
}
