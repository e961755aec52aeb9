namespace Trig.Crm.Engine.Insights;

/// <summary>
/// A stage funnel: entered, completed, exited and still active; completion rate = completed ÷ (completed + exited);
/// days from entry to completion; each objective; and the distribution of days in stage (to completion or exit,
/// or to now for those still in it).
/// </summary>
internal sealed record FunnelReport(
    string Stage,
    string Name,
    int Entered,
    int Completed,
    int Exited,
    int Active,
    double? CompletionRate,
    DaysSummary DaysToComplete,
    IReadOnlyList<ObjectiveFunnel> Objectives,
    IReadOnlyList<DaysBucket> DaysInStage);
