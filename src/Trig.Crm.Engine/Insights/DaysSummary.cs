namespace Trig.Crm.Engine.Insights;

/// <summary>Count, median and mean of a set of durations in days (median of an even count = mean of the middle two).</summary>
internal sealed record DaysSummary(int Count, double? Median, double? Mean)
{
    public static DaysSummary Of(IEnumerable<double> days)
    {
        var sorted = days.Order().ToArray();
        if (sorted.Length == 0)
        {
            return new DaysSummary(0, null, null);
        }

        var mid = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        return new DaysSummary(sorted.Length, median, sorted.Average());
    }
}
