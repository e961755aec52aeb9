using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Store;

namespace Trig.Crm.Engine.Demo;

/// <summary>A generated data set: the CRM records, and timed attribute changes and events to replay day by day.</summary>
public sealed record DemoTimeline(
    DateTimeOffset Start,
    DateTimeOffset End,
    IReadOnlyList<CrmRecord> Records,
    IReadOnlyList<(DateTimeOffset At, AttributeChange Change)> Changes,
    IReadOnlyList<EventRecord> Events);
