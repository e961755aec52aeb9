using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.Lifecycle.Evaluation;

/// <summary>An entity as the evaluator sees it: attributes, events and memberships (mutable during a pass).</summary>
public sealed class EntityState(EntityKind kind, string id)
{
    public EntityKind Kind { get; } = kind;

    public string Id { get; } = id;

    public string? OrganisationId { get; set; }

    public string? OwnerEmail { get; set; }

    public string? RecordUrl { get; set; }

    public AttributeDictionary Attributes { get; } = new(AttributeDictionary.SlotsOf(kind));

    public EventLog Events { get; set; } = new();

    public MembershipDictionary Memberships { get; } = new(MembershipDictionary.SlotsOf(kind));

    public AttributeValue Get(string name) => Attributes.TryGetValue(name, out var v) ? v : AttributeValue.None;

    public EntitySnapshot ToSnapshot() => new(Kind, Id, OrganisationId, new Dictionary<string, AttributeValue>(Attributes, StringComparer.Ordinal))
    {
        OwnerEmail = OwnerEmail ?? (Attributes.TryGetValue("owner_email", out var o) && !o.IsNone ? o.ToString() : null),
        RecordUrl = RecordUrl,
    };
}
