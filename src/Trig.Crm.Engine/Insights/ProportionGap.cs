namespace Trig.Crm.Engine.Insights;

/// <summary>
/// The difference of two proportions with its 95% Wald interval:
/// gap = p₁ − p₀, SE = √(p₁(1−p₁)/n₁ + p₀(1−p₀)/n₀), interval = gap ± 1.96·SE.
/// Written here because it is three lines of arithmetic; a statistics package would be a large dependency for it.
/// </summary>
internal static class ProportionGap
{
    /// <summary>The two-sided 95% normal quantile.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>The gap and its interval, as fractions (multiply by 100 for percentage points). Null when a group is empty.</summary>
    public static (double Gap, double Low, double High)? Of(int hits1, int n1, int hits0, int n0)
    {
        if (n1 == 0 || n0 == 0)
        {
            return null;
        }

        var p1 = (double)hits1 / n1;
        var p0 = (double)hits0 / n0;
        var gap = p1 - p0;
        var se = Math.Sqrt((p1 * (1 - p1) / n1) + (p0 * (1 - p0) / n0));
        return (gap, gap - (Z95 * se), gap + (Z95 * se));
    }
}
