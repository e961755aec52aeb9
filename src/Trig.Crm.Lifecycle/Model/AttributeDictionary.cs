using System.Collections;

namespace Trig.Crm.Lifecycle.Model;

/// <summary>
/// An entity's attributes: a dictionary by name to its users, stored by the name's slot in a <see cref="SlotMap"/>
/// shared by every entity of a kind, in one of two ways:
/// - as the entity's row of an <see cref="AttributeTable"/> (values by column), for entities loaded together (the
///   store's loads, the bench): no array and no hash table per entity, repeated strings held once per column, and a
///   pass reads a slot's values of consecutive entities from consecutive memory;
/// - as a small array of its own, for an entity made alone (tests, single reads), where a table would cost more than
///   the values. <see cref="MoveTo"/> moves it into a table.
/// No value (<see cref="AttributeValue.None"/>) and no entry are the same thing: setting None removes the attribute.
/// Enumeration goes in slot order (the order names were first seen in the process).
/// Not thread-safe for writes to one entity, like the dictionary it replaces (a unit is evaluated by one thread).
/// </summary>
public sealed class AttributeDictionary : IReadOnlyDictionary<string, AttributeValue>
{
    private static readonly SlotMap OrganisationSlots = new();
    private static readonly SlotMap PersonSlots = new();

    // Either the AttributeTable holding the row or the entity's own AttributeValue[]: one field rather than two,
    // because six million entities each pay for every field.
    private object _store;
    private int _row;
    private int _count;

    /// <summary>An entity's attributes in an array of its own (an entity made alone).</summary>
    public AttributeDictionary(SlotMap slots)
    {
        Slots = slots;
        _store = Array.Empty<AttributeValue>();
    }

    /// <summary>An entity's attributes as a new row of <paramref name="table"/> (entities loaded together).</summary>
    public AttributeDictionary(AttributeTable table)
    {
        Slots = table.Slots;
        _store = table;
        _row = table.NewRow();
    }

    /// <summary>The slots shared by every entity of <paramref name="kind"/>.</summary>
    public static SlotMap SlotsOf(EntityKind kind) => kind == EntityKind.Organisation ? OrganisationSlots : PersonSlots;

    public SlotMap Slots { get; }

    /// <summary>The table holding the values, or null while the entity holds them in an array of its own.</summary>
    public AttributeTable? Table => _store as AttributeTable;

    public int Count => _count;

    public IEnumerable<string> Keys
    {
        get
        {
            foreach (var (k, _) in this)
            {
                yield return k;
            }
        }
    }

    public IEnumerable<AttributeValue> Values
    {
        get
        {
            foreach (var (_, v) in this)
            {
                yield return v;
            }
        }
    }

    public AttributeValue this[string key]
    {
        get => TryGetValue(key, out var v) ? v : throw new KeyNotFoundException($"no attribute '{key}'");
        set => Set(Slots.Slot(key), value);
    }

    /// <summary>Slots below this may hold a value; none above does.</summary>
    private int SlotBound => _store is AttributeTable t ? t.ColumnCount : ((AttributeValue[])_store).Length;

    /// <summary>The value in <paramref name="slot"/> (None when there is none): the evaluator's read, no hashing.</summary>
    public AttributeValue Get(int slot)
    {
        if (_store is AttributeTable t)
        {
            return t.Get(slot, _row);
        }

        var values = (AttributeValue[])_store;
        return (uint)slot < (uint)values.Length ? values[slot] : default;
    }

    public void Set(int slot, AttributeValue value)
    {
        if (value.IsNone)
        {
            RemoveSlot(slot);
            return;
        }

        if (Get(slot).IsNone)
        {
            _count++;
        }

        Store(slot, value);
    }

    public bool TryGetValue(string key, out AttributeValue value)
    {
        value = Slots.TryFind(key, out var slot) ? Get(slot) : default;
        return !value.IsNone;
    }

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    /// <summary>Adds an attribute that must not exist yet (as a dictionary's Add).</summary>
    public void Add(string key, AttributeValue value)
    {
        if (ContainsKey(key))
        {
            throw new ArgumentException($"attribute '{key}' already exists", nameof(key));
        }

        this[key] = value;
    }

    public bool Remove(string key) => Slots.TryFind(key, out var slot) && RemoveSlot(slot);

    public void Clear()
    {
        if (_store is AttributeTable t)
        {
            for (var slot = 0; slot < t.ColumnCount; slot++)
            {
                t.Set(slot, _row, default);
            }
        }
        else
        {
            _store = Array.Empty<AttributeValue>();
        }

        _count = 0;
    }

    /// <summary>
    /// Moves the values into a new row of <paramref name="table"/> (of the same slots): what a load does once it has
    /// made its entities, so that they share a table. Nothing happens when they are in that table already.
    /// </summary>
    public void MoveTo(AttributeTable table)
    {
        if (!ReferenceEquals(table.Slots, Slots))
        {
            throw new ArgumentException("the table's slots are not this entity's", nameof(table));
        }

        if (ReferenceEquals(_store, table))
        {
            return;
        }

        var row = table.NewRow();
        for (var slot = 0; slot < SlotBound; slot++)
        {
            if (Get(slot) is { IsNone: false } v)
            {
                table.Set(slot, row, v);
            }
        }

        _store = table;
        _row = row;
    }

    public Enumerator GetEnumerator() => new(this);

    IEnumerator<KeyValuePair<string, AttributeValue>> IEnumerable<KeyValuePair<string, AttributeValue>>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private void Store(int slot, AttributeValue value)
    {
        if (_store is AttributeTable t)
        {
            t.Set(slot, _row, value);
            return;
        }

        var values = (AttributeValue[])_store;
        if ((uint)slot >= (uint)values.Length)
        {
            // Grow by doubling, but never past the slots known (most entities of a kind share the same names).
            var size = Math.Max(slot + 1, Math.Min(Math.Max(4, values.Length * 2), Slots.Count));
            Array.Resize(ref values, size);
            _store = values;
        }

        values[slot] = value;
    }

    private bool RemoveSlot(int slot)
    {
        if (Get(slot).IsNone)
        {
            return false;
        }

        if (_store is AttributeTable t)
        {
            t.Set(slot, _row, default);
        }
        else
        {
            ((AttributeValue[])_store)[slot] = default;
        }

        _count--;
        return true;
    }

    /// <summary>Enumerates the attributes that have a value, without allocating.</summary>
    public struct Enumerator : IEnumerator<KeyValuePair<string, AttributeValue>>
    {
        private readonly AttributeDictionary _bag;
        private int _slot;

        internal Enumerator(AttributeDictionary bag)
        {
            _bag = bag;
            _slot = -1;
        }

        public readonly KeyValuePair<string, AttributeValue> Current => new(_bag.Slots.Name(_slot), _bag.Get(_slot));

        readonly object IEnumerator.Current => Current;

        public bool MoveNext()
        {
            var bound = _bag.SlotBound;
            while (++_slot < bound)
            {
                if (!_bag.Get(_slot).IsNone)
                {
                    return true;
                }
            }

            return false;
        }

        public void Reset() => _slot = -1;

        public readonly void Dispose()
        {
        }
    }
}
