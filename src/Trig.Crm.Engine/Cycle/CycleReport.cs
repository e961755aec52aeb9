using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Store;

namespace Trig.Crm.Engine.Cycle;

/// <summary>What a cycle did: the sync summary (OPERATIONS.md), printed as text or JSON.</summary>
public sealed record CycleReport
{
    public required DateTimeOffset At { get; init; }

    public required string Provider { get; init; }

    public required string DefinitionsVersion { get; init; }

    public CrmPullSummary? Pulled { get; init; }

    public int EntitiesEvaluated { get; init; }

    /// <summary>Transitions by definition key, then by kind (entered/completed/exited/follow_up).</summary>
    public required SortedDictionary<string, SortedDictionary<string, int>> Transitions { get; init; }

    public int PropertiesProvisioned { get; init; }

    public int PropertiesWritten { get; init; }

    public int PropertiesFailed { get; init; }

    public int PushRequests { get; init; }

    public int ActionsQueued { get; init; }

    public int ActionsSent { get; init; }

    public int ActionsFailed { get; init; }

    public int ActionsPending { get; init; }

    public required IReadOnlyList<string> Notes { get; init; }

    public IReadOnlyList<DefinitionMetrics> Metrics { get; init; } = [];
}
