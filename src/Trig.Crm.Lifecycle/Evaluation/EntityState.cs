using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.Lifecycle.Evaluation;

/// <summary>An entity as the evaluator sees it: attributes, events and memberships (mutable during a pass).</summary>
public sealed class EntityState
{
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
        Memberships = new(MembershipDictionary.SlotsOf(kind));
    }

    public EntityKind Kind { get; }

    public string Id { get; }

    public string? OrganisationId { get; set; }

    public string? OwnerEmail { get; set; }

    public string? RecordUrl { get; set; }

    public AttributeDictionary Attributes { get; }

    public EventLog Events { get; set; } = new();

    public MembershipDictionary Memberships { get; }

    public AttributeValue Get(string name) => Attributes.TryGetValue(name, out var v) ? v : AttributeValue.None;

    public EntitySnapshot ToSnapshot() => new(Kind, Id, OrganisationId, new Dictionary<string, AttributeValue>(Attributes, StringComparer.Ordinal))
    {
        OwnerEmail = OwnerEmail ?? (Attributes.TryGetValue("owner_email", out var o) && !o.IsNone ? o.ToString() : null),
        RecordUrl = RecordUrl,
    };
}
