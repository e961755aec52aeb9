namespace Trig.Crm.Engine.Insights;

/// <summary>
/// One objective of a stage funnel: how many entered, completed and exited it (incomplete when the stage ended),
/// completion rate = completed ÷ (completed + exited), and the days from stage entry to its completion.
/// </summary>
internal sealed record ObjectiveFunnel(string Key, string Name, int Entered, int Completed, int Exited, double? CompletionRate, DaysSummary DaysFromStageEntry);
