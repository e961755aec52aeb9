using Refit;

namespace Trig.Crm.HubSpot.Api;

/// <summary>CRM v3 objects (companies, contacts): list, search, batch read and batch update.</summary>
internal interface IHubSpotObjectsApi
{
    /// <param name="archived"><c>true</c>/<c>false</c> as text: Refit would send <c>False</c> for a bool.</param>
    [Get("/crm/v3/objects/{objectType}")]
    Task<CollectionResponseSimplePublicObjectWithAssociationsForwardPaging> ListAsync(
        string objectType,
        int limit,
        string? after,
        string properties,
        string archived,
        CancellationToken cancellationToken);

    [Post("/crm/v3/objects/{objectType}/search")]
    Task<CollectionResponseWithTotalSimplePublicObject> SearchAsync(string objectType, [Body] PublicObjectSearchRequest request, CancellationToken cancellationToken);

    [Post("/crm/v3/objects/{objectType}/batch/read")]
    Task<IApiResponse<BatchResponseSimplePublicObject>> BatchReadAsync(
        string objectType,
        [Body] BatchReadInputSimplePublicObjectId request,
        CancellationToken cancellationToken);

    [Post("/crm/v3/objects/{objectType}/batch/update")]
    Task<IApiResponse<BatchResponseSimplePublicObject>> BatchUpdateAsync(
        string objectType,
        [Body] BatchInputSimplePublicObjectBatchInput request,
        CancellationToken cancellationToken);
}
