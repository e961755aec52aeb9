using System.Collections;
using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.Lifecycle.Evaluation;

/// <summary>
/// An entity's memberships by definition key: a dictionary to its users, stored as one <see cref="Membership"/>
/// array indexed by the key's slot in a <see cref="SlotMap"/> shared by every entity of a kind (an entity only
/// holds memberships of definitions of its own kind, so the array stays as short as that list of definitions).
/// Enumeration goes in slot order. Not thread-safe for writes, like the dictionary it replaces.
/// </summary>
public sealed class MembershipDictionary : IReadOnlyDictionary<string, Membership>
{
    private static readonly SlotMap OrganisationSlots = new();
    private static readonly SlotMap PersonSlots = new();

    private Membership?[] _items = [];
    private int _count;

    public MembershipDictionary(SlotMap slots)
    {
        Slots = slots;
    }

    /// <summary>The definition-key slots shared by every entity of <paramref name="kind"/>.</summary>
    public static SlotMap SlotsOf(EntityKind kind) => kind == EntityKind.Organisation ? OrganisationSlots : PersonSlots;

    public SlotMap Slots { get; }

    public int Count => _count;

    public IEnumerable<string> Keys => this.Select(p => p.Key);

    public IEnumerable<Membership> Values => this.Select(p => p.Value);

    public Membership this[string key]
    {
        get => TryGetValue(key, out var m) ? m : throw new KeyNotFoundException($"no membership in '{key}'");
        set => Set(Slots.Slot(key), value ?? throw new ArgumentNullException(nameof(value)));
    }

    /// <summary>The membership in <paramref name="slot"/>, or null: the evaluator's read, no hashing.</summary>
    public Membership? Get(int slot) => (uint)slot < (uint)_items.Length ? _items[slot] : null;

    public void Set(int slot, Membership value)
    {
        if ((uint)slot >= (uint)_items.Length)
        {
            var size = Math.Max(slot + 1, Math.Min(Math.Max(4, _items.Length * 2), Slots.Count));
            Array.Resize(ref _items, size);
        }

        if (_items[slot] is null)
        {
            _count++;
        }

        _items[slot] = value;
    }

    public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out Membership value)
    {
        value = Slots.TryFind(key, out var slot) ? Get(slot) : null;
        return value is not null;
    }

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public bool Remove(string key)
    {
        if (!Slots.TryFind(key, out var slot) || Get(slot) is null)
        {
            return false;
        }

        _items[slot] = null;
        _count--;
        return true;
    }

    public void Clear()
    {
        _items = [];
        _count = 0;
    }

    public IEnumerator<KeyValuePair<string, Membership>> GetEnumerator()
    {
        var items = _items;
        for (var slot = 0; slot < items.Length; slot++)
        {
            if (items[slot] is { } m)
            {
                yield return new(Slots.Name(slot), m);
            }
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
