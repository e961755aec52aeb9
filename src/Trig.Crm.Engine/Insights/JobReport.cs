namespace Trig.Crm.Engine.Insights;

/// <summary>
/// How a job works, counting every run (an entity that re-entered counts once per run): entered, completed (goal
/// met), exited (duration elapsed), still active; completion rate = completed ÷ (completed + exited); days to goal;
/// which step came last before each completion (<c>on entry</c> or <c>follow-up N</c>); and its actions.
/// </summary>
internal sealed record JobReport(
    string Job,
    string Name,
    int Entered,
    int Completed,
    int Exited,
    int Active,
    double? CompletionRate,
    DaysSummary DaysToGoal,
    IReadOnlyList<JobStepCompletions> CompletedAfter,
    JobActions Actions);
