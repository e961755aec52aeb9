namespace Trig.Crm.Lifecycle.Evaluation;

/// <summary>What one evaluation pass produced: to be committed in one transaction.</summary>
public sealed class EvaluationResult
{
    public List<Transition> Transitions { get; } = [];

    public List<PendingAction> Actions { get; } = [];

    public List<AttributeChange> AttributeChanges { get; } = [];

    /// <summary>Changed memberships, with their owner.</summary>
    public List<(EntityState Entity, Membership Membership)> Memberships { get; } = [];

    public int EntitiesEvaluated { get; set; }

    /// <summary>
    /// With <see cref="EvaluationInput.Horizons"/>: for every unit evaluated, until when its answer holds with no
    /// new data (its organisation, or each person of a unit without one).
    /// </summary>
    public List<SettledUnit> Settled { get; } = [];

    public void Merge(EvaluationResult other)
    {
        Transitions.AddRange(other.Transitions);
        Actions.AddRange(other.Actions);
        AttributeChanges.AddRange(other.AttributeChanges);
        Memberships.AddRange(other.Memberships);
        EntitiesEvaluated += other.EntitiesEvaluated;
        Settled.AddRange(other.Settled);
    }
}
