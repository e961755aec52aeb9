using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.Lifecycle.Evaluation;

/// <summary>
/// A unit's evaluation holds, with no new data, until <paramref name="Until"/>: evaluating it again earlier changes
/// nothing. Null: nothing in it depends on time. A unit whose evaluation changed something is settled only until the
/// time of that evaluation (a chain through another entity's metadata may take one more evaluation to settle).
/// </summary>
public readonly record struct SettledUnit(EntityKind Kind, string Id, DateTimeOffset? Until);
