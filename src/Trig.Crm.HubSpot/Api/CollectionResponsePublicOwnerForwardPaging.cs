namespace Trig.Crm.HubSpot.Api;

/// <summary>Spec schema of <c>GET /crm/v3/owners</c>.</summary>
internal sealed record CollectionResponsePublicOwnerForwardPaging(List<PublicOwner>? Results, ForwardPaging? Paging);
