using Quartz;

namespace Trig.Crm.Worker.Telemetry;

/// <summary>The interval of a Quartz cron schedule: the longest gap between its next firings.</summary>
internal static class CronInterval
{
    private const int Firings = 24;

    /// <summary>
    /// Measured from a fixed Monday so it does not depend on when the host starts; an irregular schedule (e.g. hourly
    /// on weekdays) yields its longest gap, which is how late a healthy cycle can be.
    /// </summary>
    public static TimeSpan Of(string cron, TimeSpan fallback)
    {
        CronExpression expression;
        try
        {
            // The same time zone as the Quartz trigger built from it (the host's).
            expression = new CronExpression(cron);
        }
        catch (FormatException)
        {
            return fallback;
        }

        var at = new DateTimeOffset(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);
        var longest = TimeSpan.Zero;
        var previous = expression.GetNextValidTimeAfter(at);
        for (var i = 0; i < Firings && previous is { } p; i++)
        {
            var next = expression.GetNextValidTimeAfter(p);
            if (next is { } n && n - p > longest)
            {
                longest = n - p;
            }

            previous = next;
        }

        return longest > TimeSpan.Zero ? longest : fallback;
    }
}
