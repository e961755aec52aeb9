namespace Trig.Crm.Lifecycle.Evaluation;

/// <summary>
/// An entity's events: (name, time) pairs kept sorted by name then time in two parallel arrays. Most entities hold
/// a handful of events, so this is far smaller than a dictionary of lists (a million organisations and five million
/// people must fit in a few GB), and a count is two binary searches.
/// </summary>
public sealed class EventLog
{
    private string[] _names = [];
    private long[] _ticks = [];
    private int _count;

    public static EventLog Empty => new();

    public int Count => _count;

    /// <summary>Adds an occurrence, keeping the order (appending in time order is the common, cheap case).</summary>
    public void Add(string name, DateTimeOffset at)
    {
        var t = at.UtcTicks;
        var i = UpperBound(name, t);
        if (_count == _names.Length)
        {
            var size = Math.Max(4, _count * 2);
            Array.Resize(ref _names, size);
            Array.Resize(ref _ticks, size);
        }

        if (i < _count)
        {
            Array.Copy(_names, i, _names, i + 1, _count - i);
            Array.Copy(_ticks, i, _ticks, i + 1, _count - i);
        }

        // Intern-by-reference: reuse the neighbour's string instance when equal, so names are not duplicated.
        _names[i] = i > 0 && string.Equals(_names[i - 1], name, StringComparison.Ordinal) ? _names[i - 1] : name;
        _ticks[i] = t;
        _count++;
    }

    /// <summary>Occurrences of <paramref name="name"/> with from ≤ time ≤ to.</summary>
    public int CountBetween(string name, DateTimeOffset from, DateTimeOffset to)
    {
        if (_count == 0)
        {
            return 0;
        }

        var lo = LowerBound(name, from.UtcTicks);
        var hi = UpperBound(name, to.UtcTicks);
        return Math.Max(0, hi - lo);
    }

    public IReadOnlyList<long> Times(string name)
    {
        var lo = LowerBound(name, long.MinValue);
        var hi = UpperBound(name, long.MaxValue);
        return hi > lo ? new ArraySegment<long>(_ticks, lo, hi - lo) : Array.Empty<long>();
    }

    /// <summary>First index whose (name, ticks) ≥ (name, value).</summary>
    private int LowerBound(string name, long value)
    {
        int lo = 0, hi = _count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            var c = string.CompareOrdinal(_names[mid], name);
            if (c < 0 || (c == 0 && _ticks[mid] < value))
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>First index whose (name, ticks) &gt; (name, value).</summary>
    private int UpperBound(string name, long value)
    {
        int lo = 0, hi = _count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            var c = string.CompareOrdinal(_names[mid], name);
            if (c < 0 || (c == 0 && _ticks[mid] <= value))
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
