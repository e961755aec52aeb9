namespace Trig.Crm.HubSpot.Api;

/// <summary>Spec schema <c>PublicFetchAssociationsBatchRequest</c>.</summary>
internal sealed record PublicFetchAssociationsBatchRequest(string Id, string? After);
