using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.Lifecycle.Actions;

/// <summary>
/// A queued action, as the dispatcher hands it to a handler.
/// </summary>
/// <param name="IdempotencyKey">
/// Deterministic: <c>{definition}:{entity kind}:{entity id}:{transition id}:{action index}:{follow-up step}</c>.
/// Receivers see the same key on every retry.
/// </param>
/// <param name="Transition"><c>entered</c>, <c>completed</c>, <c>exited</c> or <c>follow_up</c>.</param>
/// <param name="Attempts">Attempts made before this one.</param>
/// <param name="OutcomeUnknown">
/// True when an earlier attempt was claimed but never recorded (the process died mid-send): the handler must
/// check whether it was delivered before sending again.
/// </param>
public sealed record OutboxItem(
    long Id,
    string IdempotencyKey,
    ActionSpec Action,
    string DefinitionKey,
    string DefinitionName,
    DefinitionKind DefinitionKind,
    string Transition,
    long TransitionId,
    EntityKind EntityKind,
    string EntityId,
    DateTimeOffset OccurredAt,
    int Attempts,
    bool OutcomeUnknown);
