using Refit;

namespace Trig.Crm.HubSpot.Api;

/// <summary>CRM v4 associations.</summary>
internal interface IHubSpotAssociationsApi
{
    [Post("/crm/v4/associations/{fromObjectType}/{toObjectType}/batch/read")]
    Task<IApiResponse<BatchResponsePublicAssociationMultiWithLabel>> BatchReadAsync(
        string fromObjectType,
        string toObjectType,
        [Body] BatchInputPublicFetchAssociationsBatchRequest request,
        CancellationToken cancellationToken);
}
