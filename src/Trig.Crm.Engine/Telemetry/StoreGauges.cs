using System.Diagnostics.Metrics;
using Trig.Crm.Engine.Definitions;
using Trig.Crm.Store;

namespace Trig.Crm.Engine.Telemetry;

/// <summary>
/// The observable gauges' callbacks. They run on the collector's thread (a Prometheus scrape, an OTLP export) and
/// read the store; a store that does not answer yields no points rather than breaking the export.
/// </summary>
internal sealed class StoreGauges(ITrigStore store, DefinitionCatalog catalog, TimeProvider time)
{
    public IEnumerable<Measurement<long>> OutboxDepth()
    {
        Dictionary<string, int> counts;
        try
        {
            // Instrument callbacks are synchronous; the SQLite provider completes these calls synchronously anyway.
            counts = store.CountByStatusAsync(CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return [];
        }

        return [.. counts.Select(kv => new Measurement<long>(kv.Value, new KeyValuePair<string, object?>("trig.outbox.status", kv.Key)))];
    }

    public IEnumerable<Measurement<double>> Freshness()
    {
        var set = catalog.Current;
        if (set is null)
        {
            return [];
        }

        IReadOnlyDictionary<string, DateTimeOffset> evaluated;
        try
        {
            evaluated = store.FreshnessAsync(CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return [];
        }

        var now = time.GetUtcNow();
        return [.. set.All.Where(d => evaluated.ContainsKey(d.Key))
            .Select(d => new Measurement<double>((now - evaluated[d.Key]).TotalSeconds, new KeyValuePair<string, object?>("trig.definition", d.Key)))];
    }
}
