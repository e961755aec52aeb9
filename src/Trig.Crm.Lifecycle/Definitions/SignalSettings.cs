namespace Trig.Crm.Lifecycle.Definitions;

/// <summary>
/// A <c>slow_completers</c> signal over a stage: an organisation is flagged when its time in the stage exceeds
/// <see cref="Factor"/> × the benchmark of an objective it has not completed.
/// </summary>
public sealed record SignalSettings(string Type, string StageKey, double Factor, int MinCompletions, string? ArrAttribute);
