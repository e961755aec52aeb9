using System.Numerics;

namespace Trig.Crm.Lifecycle.Model;

/// <summary>
/// The values of one attribute for every row of an <see cref="AttributeTable"/>, in pages that are never moved or
/// resized once made: a write to a row never races with a copy of its page, so the rows of different units can be
/// written by different threads at once. The first pages are small and double in size (4, 8, … 8,192 rows), then
/// every page holds 8,192 rows (128 KB): a table of one entity costs a few values, one of a million costs no more
/// than its values plus a page of slack, and a pass over consecutive rows reads consecutive memory.
/// String values are interned per column (up to <see cref="AttributeTable.MaxPooledStrings"/> distinct ones), so
/// the few values of a plan, an industry or a country are held once however many entities carry them.
/// </summary>
internal sealed class AttributeColumn(Lock gate)
{
    private const int FirstShift = 2;
    private const int GrowingPages = 12; // pages of 4 << k rows for k < 12: 4 … 8,192 rows
    private const int FullShift = FirstShift + GrowingPages - 1; // 8,192 rows a page after those
    private const int GrowingRows = (1 << FirstShift) * ((1 << GrowingPages) - 1);

    private volatile AttributeValue[]?[] _pages = new AttributeValue[]?[4];
    private Dictionary<string, string>? _strings;

    public AttributeValue Get(int row)
    {
        var page = Locate(row, out var offset);
        var pages = _pages;
        return (uint)page < (uint)pages.Length && pages[page] is { } values ? values[offset] : default;
    }

    public void Set(int row, AttributeValue value)
    {
        var page = Locate(row, out var offset);
        var pages = _pages;
        var values = (uint)page < (uint)pages.Length ? pages[page] : null;
        if (values is null)
        {
            if (value.IsNone)
            {
                return; // nothing to clear in a page never written
            }

            values = MakePage(page);
        }

        values[offset] = value.Kind == ValueKind.String ? AttributeValue.Of(Intern(value.AsString)) : value;
    }

    /// <summary>The page of <paramref name="row"/> and its offset in it.</summary>
    private static int Locate(int row, out int offset)
    {
        if (row < GrowingRows)
        {
            var page = BitOperations.Log2((uint)(row >> FirstShift) + 1);
            offset = row - ((1 << FirstShift) * ((1 << page) - 1));
            return page;
        }

        var rest = row - GrowingRows;
        offset = rest & ((1 << FullShift) - 1);
        return GrowingPages + (rest >> FullShift);
    }

    private static int PageSize(int page) => page < GrowingPages ? 1 << (FirstShift + page) : 1 << FullShift;

    private AttributeValue[] MakePage(int page)
    {
        lock (gate)
        {
            var pages = _pages;
            if (page >= pages.Length)
            {
                Array.Resize(ref pages, Math.Max(page + 1, pages.Length * 2));
            }

            var values = pages[page] ??= new AttributeValue[PageSize(page)];
            _pages = pages;
            return values;
        }
    }

    private string Intern(string s)
    {
        lock (gate)
        {
            _strings ??= new Dictionary<string, string>(StringComparer.Ordinal);
            if (_strings.TryGetValue(s, out var pooled))
            {
                return pooled;
            }

            if (_strings.Count < AttributeTable.MaxPooledStrings)
            {
                _strings.Add(s, s);
            }

            return s;
        }
    }
}
