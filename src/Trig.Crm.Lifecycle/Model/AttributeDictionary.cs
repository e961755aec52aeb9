using System.Collections;

namespace Trig.Crm.Lifecycle.Model;

/// <summary>
/// An entity's attributes: a dictionary by name to its users, stored as one <see cref="AttributeValue"/> array
/// indexed by the name's slot in a <see cref="SlotMap"/> shared by every entity of a kind. A million organisations
/// and five million people then hold one small array each instead of a hash table each (no per-entry key, hash and
/// link, no buckets). No value (<see cref="AttributeValue.None"/>) and no entry are the same thing: setting None
/// removes the attribute. Enumeration goes in slot order (the order names were first seen in the process).
/// Not thread-safe for writes, like the dictionary it replaces (a unit is evaluated by one thread).
/// </summary>
public sealed class AttributeDictionary : IReadOnlyDictionary<string, AttributeValue>
{
    private static readonly SlotMap OrganisationSlots = new();
    private static readonly SlotMap PersonSlots = new();

    private AttributeValue[] _values = [];
    private int _count;

    public AttributeDictionary(SlotMap slots)
    {
        Slots = slots;
    }

    /// <summary>The slots shared by every entity of <paramref name="kind"/>.</summary>
    public static SlotMap SlotsOf(EntityKind kind) => kind == EntityKind.Organisation ? OrganisationSlots : PersonSlots;

    public SlotMap Slots { get; }

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

    /// <summary>The value in <paramref name="slot"/> (None when there is none): the evaluator's read, no hashing.</summary>
    public AttributeValue Get(int slot) => (uint)slot < (uint)_values.Length ? _values[slot] : default;

    public void Set(int slot, AttributeValue value)
    {
        if (value.IsNone)
        {
            RemoveSlot(slot);
            return;
        }

        if ((uint)slot >= (uint)_values.Length)
        {
            // Grow by doubling, but never past the slots known (most entities of a kind share the same names).
            var size = Math.Max(slot + 1, Math.Min(Math.Max(4, _values.Length * 2), Slots.Count));
            Array.Resize(ref _values, size);
        }

        if (_values[slot].IsNone)
        {
            _count++;
        }

        _values[slot] = value;
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
        _values = [];
        _count = 0;
    }

    public Enumerator GetEnumerator() => new(this);

    IEnumerator<KeyValuePair<string, AttributeValue>> IEnumerable<KeyValuePair<string, AttributeValue>>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private bool RemoveSlot(int slot)
    {
        if ((uint)slot >= (uint)_values.Length || _values[slot].IsNone)
        {
            return false;
        }

        _values[slot] = default;
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

        public readonly KeyValuePair<string, AttributeValue> Current => new(_bag.Slots.Name(_slot), _bag._values[_slot]);

        readonly object IEnumerator.Current => Current;

        public bool MoveNext()
        {
            var values = _bag._values;
            while (++_slot < values.Length)
            {
                if (!values[_slot].IsNone)
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
