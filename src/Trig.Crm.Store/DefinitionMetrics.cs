namespace Trig.Crm.Store;

/// <summary>
/// Measurement per definition (LIFECYCLE.md): entered, completed, exited, currently active,
/// completion rate = completed / (completed + exited), median and mean days to completion.
/// </summary>
public sealed record DefinitionMetrics(
    string Key,
    int Entered,
    int Completed,
    int Exited,
    int Active,
    double? CompletionRate,
    double? MedianDaysToComplete,
    double? MeanDaysToComplete);
