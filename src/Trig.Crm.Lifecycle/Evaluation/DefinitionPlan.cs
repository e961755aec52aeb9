using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.Lifecycle.Evaluation;

/// <summary>
/// What a pass needs of one definition, worked out once per pass instead of once per entity: the membership slot of
/// its key, whether it is paused, from when its events count for an entity not in it, and its compiled criteria.
/// A pass over a million units then hashes no definition key and looks up no runtime state per entity.
/// </summary>
internal sealed class DefinitionPlan
{
    public DefinitionPlan(EvaluationInput input, Definition d)
    {
        Definition = d;
        Slot = MembershipDictionary.SlotsOf(d.Entity).Slot(d.Key);
        var known = input.Runtime.TryGetValue(d.Key, out var r);
        Paused = d.Paused || (known && r!.PausedByAdmin);
        var live = known ? r!.LiveAt : DateTimeOffset.MinValue;
        if (d.StageKey is { } sk && input.Runtime.TryGetValue(sk, out var sr) && sr.LiveAt > live)
        {
            live = sr.LiveAt;
        }

        LiveFrom = live;
        Audience = d.Audience is null ? null : CriterionCompiler.Compile(d.Audience);
        Completion = d.Completion is null ? null : CriterionCompiler.Compile(d.Completion);
        ExitWhen = d.ExitWhen is null ? null : CriterionCompiler.Compile(d.ExitWhen);
    }

    public Definition Definition { get; }

    /// <summary>The key's slot among the memberships of the definition's kind of entity.</summary>
    public int Slot { get; }

    public bool Paused { get; }

    /// <summary>From when events count when the entity is not in a run (the definition's or its stage's going live).</summary>
    public DateTimeOffset LiveFrom { get; }

    public CompiledCriterion? Audience { get; }

    public CompiledCriterion? Completion { get; }

    public CompiledCriterion? ExitWhen { get; }

    /// <summary>The entity's membership in the definition, by slot when the entity is of the definition's kind.</summary>
    public Membership? MembershipOf(EntityState e)
    {
        if (e.Kind == Definition.Entity)
        {
            return e.MembershipAt(Slot);
        }

        return e.TryGetMembership(Definition.Key, out var m) ? m : null;
    }

    /// <summary>From when events count: the start of the active run, or when the definition went live.</summary>
    public DateTimeOffset EventsFrom(Membership? run) =>
        run is { IsActive: true } && run.EnteredAt > LiveFrom ? run.EnteredAt : LiveFrom;
}
