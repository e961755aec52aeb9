namespace Trig.Crm.HubSpot.Api;

/// <summary>Spec schema <c>BatchInputPublicFetchAssociationsBatchRequest</c>.</summary>
internal sealed record BatchInputPublicFetchAssociationsBatchRequest(IReadOnlyList<PublicFetchAssociationsBatchRequest> Inputs);
