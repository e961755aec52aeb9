using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.Lifecycle.Evaluation;

/// <summary>
/// One recorded transition, with the definition version and the criteria outcome that decided it (the audit trail
/// behind <c>explain</c>). <see cref="Run"/> is the entity's entry count in the definition, which makes the
/// transition's identity deterministic: (definition, entity, run, kind, step).
/// </summary>
public sealed record Transition(
    EntityKind EntityKind,
    string EntityId,
    string DefinitionKey,
    DefinitionKind DefinitionKind,
    TransitionKind Kind,
    DateTimeOffset At,
    string DefinitionVersion,
    string Reason,
    int Run,
    int FollowUpStep = -1)
{
    public string Name => Kind switch
    {
        TransitionKind.Entered => "entered",
        TransitionKind.Completed => "completed",
        TransitionKind.Exited => "exited",
        _ => "follow_up",
    };
}
