namespace Trig.Crm.Lifecycle.Evaluation;

/// <summary>An entity's events: per event name, the sorted occurrence times (UTC ticks).</summary>
public sealed class EventLog
{
    private readonly Dictionary<string, List<long>> _byName = new(StringComparer.Ordinal);

    public static EventLog Empty => new();

    public int Count => _byName.Values.Sum(l => l.Count);

    public IEnumerable<string> Names => _byName.Keys;

    /// <summary>Adds an occurrence, keeping the list sorted (appends are O(1) when in order).</summary>
    public void Add(string name, DateTimeOffset at)
    {
        if (!_byName.TryGetValue(name, out var list))
        {
            list = [];
            _byName[name] = list;
        }

        var t = at.UtcTicks;
        if (list.Count == 0 || list[^1] <= t)
        {
            list.Add(t);
            return;
        }

        var i = list.BinarySearch(t);
        list.Insert(i < 0 ? ~i : i, t);
    }

    /// <summary>Occurrences of <paramref name="name"/> with from ≤ time ≤ to.</summary>
    public int CountBetween(string name, DateTimeOffset from, DateTimeOffset to)
    {
        if (!_byName.TryGetValue(name, out var list) || list.Count == 0)
        {
            return 0;
        }

        var lo = LowerBound(list, from.UtcTicks);
        var hi = LowerBound(list, to.UtcTicks + 1);
        return Math.Max(0, hi - lo);
    }

    public IReadOnlyList<long> Times(string name) => _byName.TryGetValue(name, out var l) ? l : [];

    private static int LowerBound(List<long> list, long value)
    {
        int lo = 0, hi = list.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (list[mid] < value)
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
