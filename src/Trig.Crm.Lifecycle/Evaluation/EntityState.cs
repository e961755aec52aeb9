using System.Diagnostics.CodeAnalysis;
using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.Lifecycle.Evaluation;

/// <summary>
/// An entity as the evaluator sees it: attributes, events and memberships (mutable during a pass).
/// A million organisations and five million people each pay for every field and every object here, so what most
/// entities do not have is not allocated: the owner e-mail and record URL (almost always empty) share one small
/// object made when either is set, and the event log and the memberships are made on first use (a person that
/// never entered a definition holds no membership dictionary). Reads inside the library go through
/// <see cref="EventsOrEmpty"/> and <see cref="TryGetMembership"/>, which make nothing.
/// </summary>
public sealed class EntityState
{
    private EntityExtras? _extras;
    private EventLog? _events;
    private MembershipDictionary? _memberships;

    /// <summary>An entity with its attributes in a table of its own.</summary>
    public EntityState(EntityKind kind, string id)
        : this(kind, id, new AttributeDictionary(AttributeDictionary.SlotsOf(kind)))
    {
    }

    /// <summary>
    /// An entity with its attributes as a row of <paramref name="attributes"/>, a table shared by the entities of
    /// <paramref name="kind"/> loaded together (what a load of many entities should use: see <see cref="AttributeTable"/>).
    /// </summary>
    public EntityState(EntityKind kind, string id, AttributeTable attributes)
        : this(kind, id, new AttributeDictionary(attributes))
    {
        if (!ReferenceEquals(attributes.Slots, AttributeDictionary.SlotsOf(kind)))
        {
            throw new ArgumentException($"the table's slots are not those of {kind}", nameof(attributes));
        }
    }

    private EntityState(EntityKind kind, string id, AttributeDictionary attributes)
    {
        Kind = kind;
        Id = id;
        Attributes = attributes;
    }

    public EntityKind Kind { get; }

    public string Id { get; }

    public string? OrganisationId { get; set; }

    public string? OwnerEmail
    {
        get => _extras?.OwnerEmail;
        set => _extras = EntityExtras.With(_extras, value, RecordUrl);
    }

    public string? RecordUrl
    {
        get => _extras?.RecordUrl;
        set => _extras = EntityExtras.With(_extras, OwnerEmail, value);
    }

    public AttributeDictionary Attributes { get; }

    /// <summary>The entity's events, made on first use (an entity with none holds no log until then).</summary>
    public EventLog Events
    {
        get => Volatile.Read(ref _events) ?? Made(ref _events, new EventLog());
        set => Volatile.Write(ref _events, value);
    }

    /// <summary>Whether the entity has any event (a read that makes no log).</summary>
    public bool HasEvents => _events is { Count: > 0 };

    /// <summary>The entity's memberships, made on first use (an entity that never entered one holds none).</summary>
    public MembershipDictionary Memberships =>
        Volatile.Read(ref _memberships) ?? Made(ref _memberships, new MembershipDictionary(MembershipDictionary.SlotsOf(Kind)));

    /// <summary>The events to read: the entity's log, or a shared empty one when it has none (never written to).</summary>
    internal EventLog EventsOrEmpty => _events ?? EventLog.None;

    /// <summary>Whether the entity has a membership in <paramref name="key"/>: the read that makes nothing.</summary>
    public bool TryGetMembership(string key, [MaybeNullWhen(false)] out Membership membership)
    {
        membership = null;
        return _memberships is { } m && m.TryGetValue(key, out membership);
    }

    /// <summary>The membership in slot <paramref name="slot"/> of the entity's kind, or null (the evaluator's read).</summary>
    internal Membership? MembershipAt(int slot) => _memberships?.Get(slot);

    /// <summary>
    /// Gives back the room its event log kept for growing (see <see cref="EventLog.TrimExcess"/>), making nothing
    /// for an entity without events: what a load calls once it has added the entities' events.
    /// </summary>
    public void TrimExcess() => _events?.TrimExcess();

    public AttributeValue Get(string name) => Attributes.TryGetValue(name, out var v) ? v : AttributeValue.None;

    public EntitySnapshot ToSnapshot() => new(Kind, Id, OrganisationId, new Dictionary<string, AttributeValue>(Attributes, StringComparer.Ordinal))
    {
        OwnerEmail = OwnerEmail ?? (Attributes.TryGetValue("owner_email", out var o) && !o.IsNone ? o.ToString() : null),
        RecordUrl = RecordUrl,
    };

    // The first of two threads making the same part wins; both then use that one.
    private static T Made<T>(ref T? field, T made)
        where T : class => Interlocked.CompareExchange(ref field, made, null) ?? made;
}
