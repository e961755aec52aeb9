namespace Trig.Crm.Lifecycle.Model;

/// <summary>
/// The attributes of many entities of one kind, held by column: one <see cref="AttributeColumn"/> per slot of the
/// kind's <see cref="SlotMap"/> (made when a value is first set in that slot), each entity's
/// <see cref="AttributeDictionary"/> owning one row. A load of a million organisations then holds its attribute
/// values in a few dozen column arrays instead of a million small arrays, a pass over consecutive entities reads
/// consecutive memory, adding an attribute to every entity (a roll-up) copies no entity's values, and repeated string
/// values are held once per column.
/// Make one per load (the store's unit loads and the bench do): the table lives as long as any of its entities.
/// Rows are never freed, so a table shared by every load of a long-running process would only grow. An entity made
/// without a table gets one of its own.
/// Thread-safe in the way a pass needs: different rows can be read and written by different threads at once (a unit
/// is evaluated by one thread); a new column or page takes a lock.
/// Hand-written rather than Apache Arrow (already loaded with DuckDB.NET): Arrow's arrays are immutable once built,
/// and these columns are written in place, row by row, by the loads and by every pass (roll-ups, set_attribute).
/// </summary>
public sealed class AttributeTable
{
    /// <summary>
    /// Distinct strings pooled per column: bounded, so a column of unique values (emails, names) stops pooling after
    /// this many and holds the rest as given.
    /// </summary>
    public const int MaxPooledStrings = 4096;

    private readonly Lock _gate = new();
    private volatile AttributeColumn?[] _columns = [];
    private int _rows;

    public AttributeTable(SlotMap slots)
    {
        Slots = slots;
    }

    /// <summary>A table for entities of <paramref name="kind"/> (the kind's shared slots).</summary>
    public AttributeTable(EntityKind kind)
        : this(AttributeDictionary.SlotsOf(kind))
    {
    }

    public SlotMap Slots { get; }

    /// <summary>How many rows (entities) the table has handed out.</summary>
    public int Rows => Volatile.Read(ref _rows);

    /// <summary>Slots below this may have a column; every slot above has none.</summary>
    internal int ColumnCount => _columns.Length;

    internal int NewRow() => Interlocked.Increment(ref _rows) - 1;

    internal AttributeValue Get(int slot, int row)
    {
        var columns = _columns;
        return (uint)slot < (uint)columns.Length && columns[slot] is { } c ? c.Get(row) : default;
    }

    internal void Set(int slot, int row, AttributeValue value)
    {
        var columns = _columns;
        var column = (uint)slot < (uint)columns.Length ? columns[slot] : null;
        if (column is null)
        {
            if (value.IsNone)
            {
                return; // no column, no value to clear
            }

            column = MakeColumn(slot);
        }

        column.Set(row, value);
    }

    private AttributeColumn MakeColumn(int slot)
    {
        lock (_gate)
        {
            var columns = _columns;
            if (slot >= columns.Length)
            {
                Array.Resize(ref columns, Math.Max(slot + 1, Slots.Count));
            }

            var column = columns[slot] ??= new AttributeColumn(_gate);
            _columns = columns;
            return column;
        }
    }
}
