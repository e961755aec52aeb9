using System.Diagnostics.Metrics;
using Trig.Crm.Engine.Telemetry;

namespace Trig.Crm.Ingest.Telemetry;

/// <summary>Product data in: ingest messages accepted (stored, duplicates included) and refused, by reason.</summary>
public sealed class IngestMetrics
{
    private readonly Counter<long> _accepted;
    private readonly Counter<long> _refused;

    public IngestMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(TrigTelemetry.Name);
        _accepted = meter.CreateCounter<long>("trig.ingest.accepted", "{message}", "Ingest messages accepted, by Segment call type");
        _refused = meter.CreateCounter<long>("trig.ingest.refused", "{call}", "Ingest calls refused, by reason (unauthorized, too_large, invalid, unavailable)");
    }

    public void Accepted(string type, int messages) => _accepted.Add(messages, new KeyValuePair<string, object?>("trig.ingest.type", type));

    public void Refused(string reason) => _refused.Add(1, new KeyValuePair<string, object?>("trig.ingest.reason", reason));
}
