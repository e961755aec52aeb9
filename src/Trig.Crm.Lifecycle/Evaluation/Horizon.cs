using Trig.Crm.Lifecycle.Criteria;

namespace Trig.Crm.Lifecycle.Evaluation;

/// <summary>
/// How long an evaluation's answer holds with no new data: the earliest instant at which any time-dependent test
/// the evaluation made (a relative date, an event window, a time limit, a duration, a follow-up, a slow-objective
/// threshold) can give another answer. Each test reports the instant its outcome flips, or an earlier one: an early
/// horizon only costs an evaluation that changes nothing, a late one would miss a transition.
/// </summary>
/// <remarks>
/// Tests that short-circuit are covered: until one of the tests an evaluation made flips, the same tests run in the
/// same order with the same outcomes, so the answer cannot change before the earliest of their flips.
/// </remarks>
internal sealed class Horizon
{
    public long Ticks { get; private set; } = long.MaxValue;

    public void Reset() => Ticks = long.MaxValue;

    /// <summary>The answer may change at <paramref name="ticks"/> (UTC ticks).</summary>
    public void At(long ticks)
    {
        if (ticks < Ticks)
        {
            Ticks = ticks;
        }
    }

    public void At(DateTimeOffset at) => At(at.UtcTicks);

    /// <summary><paramref name="from"/> + <paramref name="after"/>, in ticks (no overflow: durations are bounded far below it).</summary>
    public void At(DateTimeOffset from, TimeSpan after) => At(from.UtcTicks + after.Ticks);

    /// <summary>
    /// A relative-date test of <paramref name="t"/> made at <paramref name="now"/>: when its outcome flips
    /// (the edges of the window are inclusive, so the edge itself is reported: at or before the flip).
    /// </summary>
    public void RelativeDate(DateTimeOffset t, RelativeMode mode, TimeSpan span, DateTimeOffset now)
    {
        switch (mode)
        {
            case RelativeMode.WithinLast or RelativeMode.LessThanAgo:
                // now − span ≤ t ≤ now: true from t, false after t + span.
                if (t > now)
                {
                    At(t);
                }
                else if (t >= now - span)
                {
                    At(t.UtcTicks + span.Ticks);
                }

                break;
            case RelativeMode.WithinNext:
                // now ≤ t ≤ now + span: true from t − span, false after t.
                if (t > now + span)
                {
                    At(t.UtcTicks - span.Ticks);
                }
                else if (t >= now)
                {
                    At(t);
                }

                break;
            case RelativeMode.MoreThanAgo:
                // t < now − span: false until t + span, then true for good.
                if (t >= now - span)
                {
                    At(t.UtcTicks + span.Ticks);
                }

                break;
        }
    }

    /// <summary>
    /// A count of event <paramref name="id"/> in [<paramref name="from"/>, <paramref name="to"/>] made at
    /// <paramref name="to"/> (now): it changes when the next later occurrence comes due, and, over a sliding
    /// <paramref name="window"/>, when the earliest counted occurrence leaves it.
    /// </summary>
    public void Events(EventLog log, int id, long from, long to, TimeSpan? window)
    {
        var next = log.FirstAfter(id, to);
        if (next != long.MaxValue)
        {
            At(next);
        }

        if (window is { } w && log.FirstAfter(id, from - 1) is var first && first <= to)
        {
            At(first + w.Ticks);
        }
    }
}
