using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Lifecycle.Ports;

namespace Trig.Crm.Engine.Cycle;

/// <summary>What a preview says would happen now: transitions, actions that would fire, CRM fields that would change.</summary>
internal sealed record PreviewReport
{
    public required DateTimeOffset At { get; init; }

    public required string DefinitionsVersion { get; init; }

    public int EntitiesEvaluated { get; init; }

    public required IReadOnlyList<Transition> Transitions { get; init; }

    public required IReadOnlyList<PreviewAction> Actions { get; init; }

    public required IReadOnlyList<MetadataChange> Changes { get; init; }
}
