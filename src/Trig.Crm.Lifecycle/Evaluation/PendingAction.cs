using Trig.Crm.Lifecycle.Actions;

namespace Trig.Crm.Lifecycle.Evaluation;

/// <summary>An action fired by a transition, to be queued in the outbox in the same transaction.</summary>
/// <param name="Executed">True for internal actions (update_attribute, route_to) the evaluator already applied.</param>
public sealed record PendingAction(Transition Transition, int ActionIndex, ActionSpec Action, bool Executed);
