namespace Trig.Crm.HubSpot.Api;

/// <summary>Spec schema of <c>POST /crm/v3/objects/{objectType}/search</c>.</summary>
internal sealed record CollectionResponseWithTotalSimplePublicObject(int Total, List<SimplePublicObject>? Results, ForwardPaging? Paging);
