namespace Trig.Crm.Lifecycle.Evaluation;

/// <summary>
/// An entity's events as one compact column of ticks. Events are grouped in runs by name (interned to an id by
/// <see cref="EventNames"/>), each run sorted by time. One <c>long[]</c> holds everything: first one header per run
/// (the name id in the high 32 bits, the run's length in the low 32, headers in id order), then the runs' ticks one
/// after the other. That is 8 bytes per event plus 8 per distinct name, in a single allocation per entity (a million
/// organisations and five million people hold about twenty million events), and a count is a scan of a handful of
/// headers and two binary searches over ticks.
/// </summary>
public sealed class EventLog
{
    private long[] _data = [];
    private int _runs;
    private int _count;

    public static EventLog Empty => new();

    /// <summary>One empty log shared by the library's reads of entities with no events: never written to.</summary>
    internal static EventLog None { get; } = new();

    public int Count => _count;

    /// <summary>How many longs the log holds room for (headers and ticks; at least <see cref="Count"/>).</summary>
    public int Capacity => _data.Length;

    /// <summary>
    /// Drops the room left by growing (a log grows by half as events are added one at a time): what a load should
    /// call once its events are in, since a loaded log is read many times and rarely added to.
    /// </summary>
    public void TrimExcess()
    {
        var used = _runs + _count;
        if (used < _data.Length)
        {
            Array.Resize(ref _data, used);
        }
    }

    /// <summary>Adds an occurrence, keeping the order (appending in time order is the common, cheap case).</summary>
    public void Add(string name, DateTimeOffset at)
    {
        var id = EventNames.Intern(name);
        var t = at.UtcTicks;
        var r = 0;
        var start = _runs;
        while (r < _runs && IdAt(r) < id)
        {
            start += LengthAt(r);
            r++;
        }

        var exists = r < _runs && IdAt(r) == id;
        EnsureCapacity(_runs + _count + (exists ? 1 : 2));
        if (!exists)
        {
            Array.Copy(_data, r, _data, r + 1, _runs + _count - r);
            _data[r] = (long)id << 32;
            _runs++;
            start++;
        }

        var length = LengthAt(r);
        var pos = UpperBound(start, length, t);
        Array.Copy(_data, pos, _data, pos + 1, _runs + _count - pos);
        _data[pos] = t;
        _data[r]++;
        _count++;
    }

    /// <summary>Occurrences of <paramref name="name"/> with from ≤ time ≤ to.</summary>
    public int CountBetween(string name, DateTimeOffset from, DateTimeOffset to) =>
        CountBetween(EventNames.Find(name), from.UtcTicks, to.UtcTicks);

    /// <summary>Occurrences of the event with id <paramref name="id"/> with from ≤ ticks ≤ to (the compiled path).</summary>
    internal int CountBetween(int id, long from, long to)
    {
        if (!TryRun(id, out var start, out var length) || from > to)
        {
            return 0;
        }

        return UpperBound(start, length, to) - LowerBound(start, length, from);
    }

    /// <summary>The first occurrence of event <paramref name="id"/> later than <paramref name="ticks"/>, or <see cref="long.MaxValue"/>.</summary>
    internal long FirstAfter(int id, long ticks)
    {
        if (!TryRun(id, out var start, out var length))
        {
            return long.MaxValue;
        }

        var i = UpperBound(start, length, ticks);
        return i < start + length ? _data[i] : long.MaxValue;
    }

    public IReadOnlyList<long> Times(string name) =>
        TryRun(EventNames.Find(name), out var start, out var length) ? new ArraySegment<long>(_data, start, length) : Array.Empty<long>();

    private bool TryRun(int id, out int start, out int length)
    {
        start = _runs;
        for (var r = 0; r < _runs; r++)
        {
            var header = _data[r];
            length = (int)(uint)header;
            if ((int)(header >> 32) == id)
            {
                return true;
            }

            start += length;
        }

        length = 0;
        return false;
    }

    private int IdAt(int run) => (int)(_data[run] >> 32);

    private int LengthAt(int run) => (int)(uint)_data[run];

    private void EnsureCapacity(int size)
    {
        if (size > _data.Length)
        {
            // Grows by half, not by double: most entities stop at a handful of events, and slack is per entity.
            Array.Resize(ref _data, Math.Max(size, Math.Max(4, _data.Length + (_data.Length / 2))));
        }
    }

    /// <summary>First index in [start, start + length) whose ticks ≥ value.</summary>
    private int LowerBound(int start, int length, long value)
    {
        int lo = start, hi = start + length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_data[mid] < value)
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

    /// <summary>First index in [start, start + length) whose ticks &gt; value.</summary>
    private int UpperBound(int start, int length, long value)
    {
        int lo = start, hi = start + length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_data[mid] <= value)
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
