using Trig.Crm.Engine.Cycle;

namespace Trig.Crm.Engine.Demo;

/// <summary>What the demo did: transitions per definition over the 30 days, metadata written and actions queued.</summary>
public sealed record DemoResult(
    DemoTimeline Timeline,
    SortedDictionary<string, SortedDictionary<string, int>> Transitions,
    int PropertiesWritten,
    int ActionsQueued,
    CycleReport LastCycle,
    Dictionary<string, int> Outbox);
