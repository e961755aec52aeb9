namespace Trig.Crm.Store;

/// <summary>
/// Measurement per definition (lifecycle.md, Reporting): entered, completed, exited, currently active,
/// completion rate = completed ÷ (completed + exited), median and mean days to completion over every run.
/// Cohorts and signals have no completion: their completion rate and times are null. A signal also reports
/// its flagged organisations (its active members) and its ARR at risk (the sum of its <c>arr_attribute</c> over
/// them; null when the signal has no <c>arr_attribute</c> or the metrics were read without the definitions).
/// </summary>
public sealed record DefinitionMetrics(
    string Key,
    int Entered,
    int Completed,
    int Exited,
    int Active,
    double? CompletionRate,
    double? MedianDaysToComplete,
    double? MeanDaysToComplete)
{
    /// <summary>The definition's kind, as recorded with its transitions (null when it has none yet).</summary>
    public Lifecycle.Definitions.DefinitionKind? Kind { get; init; }

    /// <summary>For a signal: the organisations it flags now. Null for other kinds.</summary>
    public int? FlaggedOrganisations { get; init; }

    /// <summary>For a signal with an <c>arr_attribute</c>: the sum of that attribute over the flagged organisations.</summary>
    public double? ArrAtRisk { get; init; }
}
