using Trig.Crm.Lifecycle.Definitions;

namespace Trig.Crm.Lifecycle.Evaluation;

/// <summary>
/// The plans of every definition and roll-up of an <see cref="EvaluationInput"/>, made at the start of each pass (the
/// runtime state it reads can change between passes) and shared by the pass's threads, read-only. Definitions are
/// found by reference, not by their record equality.
/// </summary>
internal sealed class PassPlan
{
    private readonly Dictionary<Definition, DefinitionPlan> _plans = new(ReferenceEqualityComparer.Instance);
    private readonly EvaluationInput _input;

    public PassPlan(EvaluationInput input)
    {
        _input = input;
        foreach (var d in input.Definitions.All)
        {
            _plans.TryAdd(d, new DefinitionPlan(input, d));
        }

        Rollups = [.. input.Definitions.Rollups.Select(r => new RollupPlan(r))];
    }

    public RollupPlan[] Rollups { get; }

    /// <summary>The plan of <paramref name="d"/>; one made on the spot for a definition outside the set.</summary>
    public DefinitionPlan For(Definition d) => _plans.TryGetValue(d, out var p) ? p : new DefinitionPlan(_input, d);
}
