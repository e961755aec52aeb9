namespace Trig.Crm.HubSpot.Api;

/// <summary>Spec schema of <c>GET /crm/v3/properties/{objectType}</c>.</summary>
internal sealed record CollectionResponsePropertyNoPaging(List<Property>? Results);
