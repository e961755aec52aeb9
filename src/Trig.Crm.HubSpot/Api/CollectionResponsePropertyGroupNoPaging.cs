namespace Trig.Crm.HubSpot.Api;

/// <summary>Spec schema of <c>GET /crm/v3/properties/{objectType}/groups</c>.</summary>
internal sealed record CollectionResponsePropertyGroupNoPaging(List<PropertyGroup>? Results);
