using System.Numerics;

namespace Trig.Crm.Lifecycle.Model;

/// <summary>
/// The values of one attribute for every row of an <see cref="AttributeTable"/>, in pages that are never moved or
/// resized once made: a write to a row never races with a copy of its page, so the rows of different units can be
/// written by different threads at once. The first pages are small and double in size (4, 8, … 8,192 rows), then
/// every page holds 8,192 rows: a table of one entity costs a few values, one of a million costs no more than its
/// values plus a page of slack, and a pass over consecutive rows reads consecutive memory.
/// A page holds each row's kind (one byte) and, made when first needed, the 64-bit payloads (numbers, bools,
/// datetimes) and the references (strings, lists): a column of numbers or of strings costs 9 bytes a value instead of
/// the 16 of an <see cref="AttributeValue"/>.
/// String values are interned per column (up to <see cref="AttributeTable.MaxPooledStrings"/> distinct ones), so
/// the few values of a plan, an industry or a country are held once however many entities carry them.
/// </summary>
internal sealed class AttributeColumn(Lock gate)
{
    private const int FirstShift = 2;
    private const int GrowingPages = 12; // pages of 4 << k rows for k < 12: 4 … 8,192 rows
    private const int FullShift = FirstShift + GrowingPages - 1; // 8,192 rows a page after those
    private const int GrowingRows = (1 << FirstShift) * ((1 << GrowingPages) - 1);

    private volatile Page?[] _pages = new Page?[4];
    private Dictionary<string, string>? _strings;

    public AttributeValue Get(int row)
    {
        var index = Locate(row, out var offset);
        var pages = _pages;
        if ((uint)index >= (uint)pages.Length || pages[index] is not { } page)
        {
            return default;
        }

        var kind = (ValueKind)page.Kinds[offset];
        return kind switch
        {
            ValueKind.None => default,
            ValueKind.String or ValueKind.List => AttributeValue.FromReference(page.References![offset]),
            _ => AttributeValue.FromBits(kind, page.Bits![offset]),
        };
    }

    public void Set(int row, AttributeValue value)
    {
        var index = Locate(row, out var offset);
        var pages = _pages;
        var page = (uint)index < (uint)pages.Length ? pages[index] : null;
        if (page is null)
        {
            if (value.IsNone)
            {
                return; // nothing to clear in a page never written
            }

            page = MakePage(index);
        }

        var kind = value.Kind;
        switch (kind)
        {
            case ValueKind.None:
                if (page.References is { } removed)
                {
                    removed[offset] = null; // a removed string is not kept alive
                }

                break;
            case ValueKind.String or ValueKind.List:
                (page.References ?? MakeReferences(page))[offset] = kind == ValueKind.String ? Intern((string)value.Reference!) : value.Reference;
                break;
            default:
                (page.Bits ?? MakeBits(page))[offset] = value.Bits;
                if (page.References is { } refs)
                {
                    refs[offset] = null; // a string replaced by a number is not kept alive
                }

                break;
        }

        page.Kinds[offset] = (byte)kind;
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

    private Page MakePage(int index)
    {
        lock (gate)
        {
            var pages = _pages;
            if (index >= pages.Length)
            {
                Array.Resize(ref pages, Math.Max(index + 1, pages.Length * 2));
            }

            var page = pages[index] ??= new Page(index < GrowingPages ? 1 << (FirstShift + index) : 1 << FullShift);
            _pages = pages;
            return page;
        }
    }

    private long[] MakeBits(Page page)
    {
        lock (gate)
        {
            return page.Bits ??= new long[page.Kinds.Length];
        }
    }

    private object?[] MakeReferences(Page page)
    {
        lock (gate)
        {
            return page.References ??= new object?[page.Kinds.Length];
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

    /// <summary>One page of rows: their kinds, and the payloads and references made when a row first needs them.</summary>
    private sealed class Page(int size)
    {
        public byte[] Kinds { get; } = new byte[size];

        public volatile long[]? Bits;

        public volatile object?[]? References;
    }
}
