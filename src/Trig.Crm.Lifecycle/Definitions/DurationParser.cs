using System.Globalization;

namespace Trig.Crm.Lifecycle.Definitions;

/// <summary>
/// Durations as definitions write them: <c>14d</c>, <c>3 days</c>, <c>12h</c>, <c>2w</c>, <c>90m</c>. A duration is
/// positive and at most <see cref="Max"/>: anything longer is a typo, and a <see cref="TimeSpan"/> overflows at
/// about 29,000 years.
/// </summary>
public static class DurationParser
{
    /// <summary>The longest duration a definition may give (36500 days, about 100 years).</summary>
    public static readonly TimeSpan Max = TimeSpan.FromDays(36_500);

    /// <summary>How <see cref="Max"/> is written in messages.</summary>
    public const string MaxText = "36500 days";

    public static bool TryParse(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (!TryRead(text, out var n, out var unit) || IsTooLong(n, unit))
        {
            return false;
        }

        value = unit * n;
        return true;
    }

    /// <summary>Whether <paramref name="text"/> is a well-formed duration longer than <see cref="Max"/>.</summary>
    public static bool IsTooLong(string text) => TryRead(text, out var n, out var unit) && IsTooLong(n, unit);

    /// <summary>Whether <paramref name="amount"/> × <paramref name="unit"/> is not finite or is longer than <see cref="Max"/>.</summary>
    public static bool IsTooLong(double amount, TimeSpan unit) => !double.IsFinite(amount) || amount * unit.TotalDays > Max.TotalDays;

    private static bool TryRead(string text, out double n, out TimeSpan unit)
    {
        unit = TimeSpan.Zero;
        n = 0;
        var s = text.Trim().ToLowerInvariant();
        var i = 0;
        while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
        {
            i++;
        }

        if (i == 0 || !double.TryParse(s[..i], NumberStyles.Float, CultureInfo.InvariantCulture, out n) || n <= 0)
        {
            return false;
        }

        unit = s[i..].Trim() switch
        {
            "m" or "min" or "mins" or "minute" or "minutes" => TimeSpan.FromMinutes(1),
            "h" or "hour" or "hours" => TimeSpan.FromHours(1),
            "d" or "day" or "days" => TimeSpan.FromDays(1),
            "w" or "week" or "weeks" => TimeSpan.FromDays(7),
            _ => TimeSpan.Zero,
        };
        return unit != TimeSpan.Zero;
    }
}
