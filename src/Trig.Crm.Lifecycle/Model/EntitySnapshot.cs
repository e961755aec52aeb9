namespace Trig.Crm.Lifecycle.Model;

/// <summary>
/// An entity as actions and cards see it: its ids, CRM links and current attributes.
/// </summary>
public sealed record EntitySnapshot(
    EntityKind Kind,
    string Id,
    string? OrganisationId,
    IReadOnlyDictionary<string, AttributeValue> Attributes)
{
    /// <summary>The CRM owner's email (local CRM: the <c>owner_email</c> attribute).</summary>
    public string? OwnerEmail { get; init; }

    /// <summary>The record's URL in the CRM, for buttons in Slack and on cards.</summary>
    public string? RecordUrl { get; init; }

    /// <summary>A display name: the <c>name</c>, <c>fullname</c> or first+last name attribute, else the id.</summary>
    public string DisplayName
    {
        get
        {
            foreach (var key in (string[])["name", "fullname", "company_name"])
            {
                if (Attributes.TryGetValue(key, out var v) && !v.IsNone)
                {
                    return v.ToString();
                }
            }

            var first = Attributes.TryGetValue("firstname", out var f) ? f.ToString() : Attributes.TryGetValue("first_name", out var f2) ? f2.ToString() : "";
            var last = Attributes.TryGetValue("lastname", out var l) ? l.ToString() : Attributes.TryGetValue("last_name", out var l2) ? l2.ToString() : "";
            var full = $"{first} {last}".Trim();
            return full.Length > 0 ? full : Id;
        }
    }

    /// <summary>The person's email: the <c>email</c> or <c>emailaddress1</c> attribute.</summary>
    public string? Email =>
        Attributes.TryGetValue("email", out var e) && !e.IsNone ? e.ToString()
        : Attributes.TryGetValue("emailaddress1", out var e1) && !e1.IsNone ? e1.ToString()
        : null;
}
