namespace Trig.Crm.Lifecycle.Evaluation;

/// <summary>
/// What few entities have: the owner e-mail and the record URL (a CRM record carries them; generated and most loaded
/// entities do not). One object, made only when one of them is set, instead of two fields on every entity.
/// Immutable: setting either makes a new one (or none when both are empty).
/// </summary>
internal sealed class EntityExtras
{
    private EntityExtras(string? ownerEmail, string? recordUrl)
    {
        OwnerEmail = ownerEmail;
        RecordUrl = recordUrl;
    }

    public string? OwnerEmail { get; }

    public string? RecordUrl { get; }

    /// <summary>The extras holding these two values: <paramref name="current"/> when unchanged, null when both are empty.</summary>
    public static EntityExtras? With(EntityExtras? current, string? ownerEmail, string? recordUrl)
    {
        if (ownerEmail is null && recordUrl is null)
        {
            return null;
        }

        return current is not null && ReferenceEquals(current.OwnerEmail, ownerEmail) && ReferenceEquals(current.RecordUrl, recordUrl)
            ? current
            : new EntityExtras(ownerEmail, recordUrl);
    }
}
