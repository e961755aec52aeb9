using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Evaluation;

namespace Trig.Crm.Store.Reporting;

/// <summary>
/// Turns what a store counted (transitions per definition, active members, median and mean days to completion, as
/// <see cref="MetricTotals"/> keeps them) into <see cref="DefinitionMetrics"/>: the one place the completion
/// rate is defined, so the SQLite and PostgreSQL stores report the same numbers.
/// </summary>
internal static class DefinitionMetricsBuilder
{
    public static async Task<IReadOnlyList<DefinitionMetrics>> BuildAsync(
        Dictionary<string, (DefinitionKind? Kind, int Entered, int Completed, int Exited)> counts,
        Dictionary<string, int> active,
        Dictionary<string, (double Median, double Mean)> durations,
        DefinitionSet? definitions,
        Func<string, string, Task<double>> arrAtRisk)
    {
        var result = new List<DefinitionMetrics>();
        foreach (var key in counts.Keys.Union(active.Keys).Order(StringComparer.Ordinal))
        {
            var (kind, entered, completed, exited) = counts.GetValueOrDefault(key);
            var definition = definitions is not null && definitions.ByKey.TryGetValue(key, out var d) ? d : null;
            kind ??= definition?.Kind;
            // Cohorts and signals have no completion: no rate and no time to complete.
            var noCompletion = kind is DefinitionKind.Cohort or DefinitionKind.Signal;
            double? median = null, mean = null;
            if (!noCompletion && durations.TryGetValue(key, out var ds))
            {
                (median, mean) = ds;
            }

            var isSignal = kind == DefinitionKind.Signal;
            result.Add(new DefinitionMetrics(key, entered, completed, exited, active.GetValueOrDefault(key),
                noCompletion || completed + exited == 0 ? null : (double)completed / (completed + exited), median, mean)
            {
                Kind = kind,
                FlaggedOrganisations = isSignal ? active.GetValueOrDefault(key) : null,
                ArrAtRisk = isSignal && definition?.Signal?.ArrAttribute is { } arr ? await arrAtRisk(key, arr) : null,
            });
        }

        return result;
    }
}
