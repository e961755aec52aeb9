using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.Store.Insights;

/// <summary>
/// A recorded transition, reduced to what measurement needs. <see cref="Run"/> is the entity's entry count, so the
/// transitions of one pass through a job share (entity, run); <see cref="Step"/> is the follow-up index (-1 otherwise).
/// </summary>
public readonly record struct TransitionRow(
    EntityKind EntityKind,
    string EntityId,
    string DefinitionKey,
    TransitionKind Kind,
    DateTimeOffset At,
    int Run,
    int Step);
