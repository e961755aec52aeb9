using System.Diagnostics.Metrics;
using Trig.Crm.Engine.Definitions;
using Trig.Crm.Store;

namespace Trig.Crm.Engine.Telemetry;

/// <summary>
/// The engine's instruments (meter <c>Trig.Crm</c>): cycle duration, entities evaluated, transitions, actions by
/// outcome, metadata values, card build time, and two observable gauges read from the store when collected
/// (outbox depth by status, freshness per definition). Every name is documented in docs/observability.md.
/// </summary>
public sealed class EngineMetrics
{
    private readonly Histogram<double> _cycleDuration;
    private readonly Counter<long> _entities;
    private readonly Counter<long> _transitions;
    private readonly Counter<long> _sent;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _dead;
    private readonly Counter<long> _pushed;
    private readonly Counter<long> _pushFailed;
    private readonly Histogram<double> _cardDuration;

    public EngineMetrics(IMeterFactory meters, ITrigStore store, DefinitionCatalog catalog, TimeProvider time)
    {
        var meter = meters.Create(TrigTelemetry.Name);
        _cycleDuration = meter.CreateHistogram<double>("trig.cycle.duration", "s", "Duration of a cycle, by kind (full, fast_path, shard) and outcome (ok, failed)");
        _entities = meter.CreateCounter<long>("trig.entities.evaluated", "{entity}", "Entities evaluated, by cycle kind");
        _transitions = meter.CreateCounter<long>("trig.transitions", "{transition}", "Transitions recorded, by definition and transition kind");
        _sent = meter.CreateCounter<long>("trig.actions.sent", "{action}", "Actions delivered, by channel");
        _failed = meter.CreateCounter<long>("trig.actions.failed", "{action}", "Action attempts that failed and will be retried, by channel");
        _dead = meter.CreateCounter<long>("trig.actions.dead_lettered", "{action}", "Actions given up on (dead-lettered), by channel");
        _pushed = meter.CreateCounter<long>("trig.metadata.pushed", "{value}", "Metadata values written to the CRM, by provider");
        _pushFailed = meter.CreateCounter<long>("trig.metadata.failed", "{value}", "Metadata values the CRM refused or that could not be sent, by provider");
        _cardDuration = meter.CreateHistogram<double>("trig.card.duration", "s", "Time to build one card view, by outcome (found, not_found)");
        var gauges = new StoreGauges(store, catalog, time);
        meter.CreateObservableGauge("trig.outbox.depth", gauges.OutboxDepth, "{action}", "Outbox rows by status, read from the store when collected");
        meter.CreateObservableGauge("trig.definition.freshness", gauges.Freshness, "s", "Age of each definition's last evaluation by a completed full cycle");
    }

    public void CycleCompleted(string kind, TimeSpan duration, bool ok) =>
        _cycleDuration.Record(duration.TotalSeconds, new("trig.cycle.kind", kind), new("trig.cycle.outcome", ok ? "ok" : "failed"));

    public void Evaluated(string kind, int entities) => _entities.Add(entities, new KeyValuePair<string, object?>("trig.cycle.kind", kind));

    public void Transitions(IReadOnlyDictionary<string, SortedDictionary<string, int>> byDefinition)
    {
        foreach (var (definition, kinds) in byDefinition)
        {
            foreach (var (kind, count) in kinds)
            {
                _transitions.Add(count, new("trig.definition", definition), new("trig.transition.kind", kind));
            }
        }
    }

    public void ActionSent(string channel) => _sent.Add(1, new KeyValuePair<string, object?>("trig.channel", channel));

    public void ActionFailed(string channel) => _failed.Add(1, new KeyValuePair<string, object?>("trig.channel", channel));

    public void ActionDeadLettered(string channel) => _dead.Add(1, new KeyValuePair<string, object?>("trig.channel", channel));

    public void MetadataPushed(string provider, int written, int failed)
    {
        if (written > 0)
        {
            _pushed.Add(written, new KeyValuePair<string, object?>("trig.crm.provider", provider));
        }

        if (failed > 0)
        {
            _pushFailed.Add(failed, new KeyValuePair<string, object?>("trig.crm.provider", provider));
        }
    }

    public void CardBuilt(TimeSpan duration, bool found) =>
        _cardDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("trig.card.outcome", found ? "found" : "not_found"));
}
