using System.Collections.Concurrent;

namespace Trig.Crm.Lifecycle.Model;

/// <summary>
/// Names (attribute names, definition keys) numbered once per process, so that per-entity storage can be a plain
/// array indexed by slot instead of a dictionary per entity. Thread-safe: lookups are lock-free, a new name takes a
/// lock. Slots are never freed: a process sees a bounded set of names (its schema's attributes, its CRM's properties
/// and its definitions), and an entity's array only grows up to the highest slot it uses.
/// </summary>
public sealed class SlotMap
{
    private readonly ConcurrentDictionary<string, int> _slots = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private volatile string[] _names = new string[16];
    private volatile int _count;

    /// <summary>How many names have a slot (every slot is below this).</summary>
    public int Count => _count;

    /// <summary>The slot of <paramref name="name"/>, numbering it if it is new.</summary>
    public int Slot(string name) => _slots.TryGetValue(name, out var slot) ? slot : Add(name);

    /// <summary>The slot of <paramref name="name"/> if it has one (reads never number a name).</summary>
    public bool TryFind(string name, out int slot) => _slots.TryGetValue(name, out slot);

    /// <summary>The name in <paramref name="slot"/>.</summary>
    public string Name(int slot)
    {
        // Count first: the array read after it is at least as new as the one that held the name when it was counted.
        if ((uint)slot >= (uint)_count)
        {
            throw new ArgumentOutOfRangeException(nameof(slot));
        }

        return _names[slot];
    }

    private int Add(string name)
    {
        lock (_gate)
        {
            if (_slots.TryGetValue(name, out var existing))
            {
                return existing;
            }

            var slot = _count;
            var names = _names;
            if (slot == names.Length)
            {
                Array.Resize(ref names, names.Length * 2);
            }

            names[slot] = name;
            _names = names;
            _count = slot + 1;
            _slots[name] = slot;
            return slot;
        }
    }
}
