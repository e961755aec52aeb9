namespace Trig.Crm.HubSpot.Api;

/// <summary>Spec schema of <c>GET /crm/v3/objects/{objectType}</c>.</summary>
internal sealed record CollectionResponseSimplePublicObjectWithAssociationsForwardPaging(List<SimplePublicObject>? Results, ForwardPaging? Paging);
