namespace Trig.Crm.HubSpot.Api;

/// <summary>Spec schema <c>PublicOwner</c> (the fields Trig reads).</summary>
internal sealed record PublicOwner(
    [property: System.Text.Json.Serialization.JsonConverter(typeof(FlexibleStringConverter))] string Id,
    string? Email,
    string? FirstName,
    string? LastName,
    long? UserId,
    bool Archived);
