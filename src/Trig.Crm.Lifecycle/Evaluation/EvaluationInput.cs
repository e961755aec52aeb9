using Trig.Crm.Lifecycle.Definitions;

namespace Trig.Crm.Lifecycle.Evaluation;

/// <summary>Everything a pass needs besides the units: definitions, their runtime state, benchmarks and the time.</summary>
public sealed record EvaluationInput(
    DefinitionSet Definitions,
    IReadOnlyDictionary<string, DefinitionRuntime> Runtime,
    IReadOnlyDictionary<(string Stage, string Objective), Benchmark> Benchmarks,
    DateTimeOffset Now)
{
    /// <summary>
    /// Whether the pass works out, for every unit, until when its answer holds with no new data
    /// (<see cref="EvaluationResult.Settled"/>), so that a later cycle can leave it alone until then.
    /// </summary>
    public bool Horizons { get; init; }
}
