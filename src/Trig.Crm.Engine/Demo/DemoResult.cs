using Trig.Crm.Engine.Cycle;
using Trig.Crm.Engine.Metadata;
using Trig.Crm.Engine.Outbox;
using Trig.Crm.Engine.Definitions;
using Trig.Crm.Engine.Cards;

namespace Trig.Crm.Engine.Demo;

/// <summary>What the demo did: transitions per definition over the 30 days, metadata written and actions queued.</summary>
public sealed record DemoResult(
    DemoTimeline Timeline,
    SortedDictionary<string, SortedDictionary<string, int>> Transitions,
    int PropertiesWritten,
    int ActionsQueued,
    CycleReport LastCycle,
    Dictionary<string, int> Outbox);
