using Refit;

namespace Trig.Crm.HubSpot.Api;

/// <summary>CRM v3 owners: the users behind <c>hubspot_owner_id</c>.</summary>
internal interface IHubSpotOwnersApi
{
    [Get("/crm/v3/owners")]
    Task<CollectionResponsePublicOwnerForwardPaging> ListAsync(int limit, string? after, CancellationToken cancellationToken);

    [Get("/crm/v3/owners/{ownerId}")]
    Task<IApiResponse<PublicOwner>> GetAsync(string ownerId, CancellationToken cancellationToken);
}
