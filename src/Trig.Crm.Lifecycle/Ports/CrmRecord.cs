using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.Lifecycle.Ports;

/// <summary>
/// A record pulled from a CRM, mapped to Trig's terms. An attribute whose value is
/// <see cref="AttributeValue.None"/> is removed from the entity (CRMs send empty strings for no value).
/// </summary>
public sealed record CrmRecord(
    EntityKind Kind,
    string Id,
    string? OrganisationId,
    IReadOnlyDictionary<string, AttributeValue> Attributes)
{
    /// <summary>The owner's email, resolved by the connector from the CRM's owner/user records.</summary>
    public string? OwnerEmail { get; init; }

    /// <summary>The record's URL in the CRM UI.</summary>
    public string? RecordUrl { get; init; }
}
