using Trig.Crm.Lifecycle.Criteria;

namespace Trig.Crm.Lifecycle.Definitions;

/// <summary>
/// An organisation attribute aggregated from its people: <c>sum</c>, <c>count</c>, <c>avg</c>, <c>min</c>, <c>max</c>
/// of <see cref="Source"/> (not needed for count), over the people matching <see cref="Filter"/> when set.
/// </summary>
public sealed record Rollup(string Key, RollupFunction Function, string? Source, Criterion? Filter, SourceLocation Location);
