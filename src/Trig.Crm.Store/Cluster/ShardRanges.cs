using System.Globalization;

namespace Trig.Crm.Store.Cluster;

/// <summary>
/// Turns an ordered id listing into shard ranges. The stores read only the ids that start or end a shard (every
/// <c>size</c>-th row and the last), with their row number, so opening a cycle never holds every id in memory.
/// </summary>
internal static class ShardRanges
{
    /// <summary>The SQL condition, over a row number <c>rn</c> from 0 and the count <c>n</c>, that keeps the bounds.</summary>
    public static string BoundRows(int size) => string.Create(CultureInfo.InvariantCulture, $"rn % {size} = 0 OR rn % {size} = {size - 1} OR rn = n - 1");

    /// <summary>Pairs the bound rows (row number, id), ascending, into inclusive [first, last] ranges.</summary>
    public static List<(string First, string Last)> Pair(IEnumerable<(long Row, long Count, string Id)> bounds, int size)
    {
        var ranges = new List<(string, string)>();
        string? first = null;
        foreach (var (row, count, id) in bounds)
        {
            if (row % size == 0)
            {
                first = id;
            }

            if ((row % size == size - 1 || row == count - 1) && first is not null)
            {
                ranges.Add((first, id));
                first = null;
            }
        }

        return ranges;
    }

    /// <summary>Ranges from a reader of bound rows (row number, count, id), as <see cref="BoundRows"/> keeps them.</summary>
    public static async Task<List<(string First, string Last)>> OfBoundsAsync(System.Data.Common.DbDataReader r, int size, CancellationToken ct)
    {
        var bounds = new List<(long, long, string)>();
        while (await r.ReadAsync(ct))
        {
            bounds.Add((r.GetInt64(0), r.GetInt64(1), r.GetString(2)));
        }

        return Pair(bounds, size);
    }

    /// <summary>Ranges from a reader of every id in order (one column), streamed: only the bounds are kept.</summary>
    public static async Task<List<(string First, string Last)>> OfOrderedAsync(System.Data.Common.DbDataReader r, int size, CancellationToken ct)
    {
        var ranges = new List<(string, string)>();
        string? first = null, last = null;
        var row = 0L;
        while (await r.ReadAsync(ct))
        {
            last = r.GetString(0);
            if (row % size == 0)
            {
                first = last;
            }

            if (++row % size == 0)
            {
                ranges.Add((first!, last));
                first = null;
            }
        }

        if (first is not null)
        {
            ranges.Add((first, last!));
        }

        return ranges;
    }
}
