using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Store;

namespace Trig.Crm.Engine.Cycle;

/// <summary>A cycle request that cannot be honoured (e.g. <c>--as-of</c> before the last cycle); its message is the one line shown.</summary>
public sealed class CycleRefusedException(string message) : Exception(message)
{
    /// <summary>How far ahead of the clock an <c>--as-of</c> may be without <c>--force</c>.</summary>
    public static readonly TimeSpan MaxAhead = TimeSpan.FromDays(1);

    /// <summary>
    /// Refuses an <c>--as-of</c> more than <see cref="MaxAhead"/> ahead of <paramref name="now"/> unless forced: a
    /// typo such as 2062 for 2026 would commit transitions dated in the future, after which every real time is
    /// "before the last cycle" and refused.
    /// </summary>
    internal static void ThrowIfTooFarAhead(DateTimeOffset? asOf, DateTimeOffset now, bool force)
    {
        if (asOf is { } a && !force && a - now > MaxAhead)
        {
            throw new CycleRefusedException($"--as-of {AttributeValue.FormatDateTime(a)} is more than 1 day ahead of the clock ({AttributeValue.FormatDateTime(now)}); a cycle dated in the future makes every later real time look like the past. Check the date, or add --force");
        }
    }

    /// <summary>Refuses an <c>--as-of</c> before the last committed cycle: evaluation cannot go back in time.</summary>
    internal static async Task ThrowIfBeforeLastCycleAsync(ITrigStore store, DateTimeOffset? asOf, CancellationToken ct)
    {
        if (asOf is { } a && await store.GetLastCycleAsync(ct) is { } last && a < last)
        {
            throw new CycleRefusedException($"--as-of {AttributeValue.FormatDateTime(a)} is before the last cycle ({AttributeValue.FormatDateTime(last)}); evaluation cannot go back in time");
        }
    }
}
