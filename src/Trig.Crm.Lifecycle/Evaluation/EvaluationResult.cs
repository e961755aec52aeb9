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

    /// <summary>
    /// The parts one after the other, each list made at its final size (appending part after part would grow each
    /// list by doubling, which for a shard's result leaves two or three large arrays per list behind).
    /// </summary>
    internal static EvaluationResult Concat(IReadOnlyList<EvaluationResult> parts)
    {
        var all = new EvaluationResult();
        all.Transitions.Capacity = parts.Sum(p => p.Transitions.Count);
        all.Actions.Capacity = parts.Sum(p => p.Actions.Count);
        all.AttributeChanges.Capacity = parts.Sum(p => p.AttributeChanges.Count);
        all.Memberships.Capacity = parts.Sum(p => p.Memberships.Count);
        all.Settled.Capacity = parts.Sum(p => p.Settled.Count);
        foreach (var p in parts)
        {
            all.Merge(p);
        }

        return all;
    }

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
