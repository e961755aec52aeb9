namespace Trig.Crm.Store.Ingest;

/// <summary>
/// How Segment ids match CRM records. <c>id</c> means the entity id itself; any other value names the attribute
/// that holds the key (for people the trait of that name wins over <c>userId</c>, e.g. <c>traits.email</c>).
/// </summary>
public sealed record IngestIdentity(string PersonKey = "id", string OrganisationKey = "id")
{
    public const string EntityId = "id";
}
