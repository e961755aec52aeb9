using Refit;

namespace Trig.Crm.HubSpot.Api;

/// <summary>CRM v3 properties and property groups.</summary>
internal interface IHubSpotPropertiesApi
{
    [Get("/crm/v3/properties/{objectType}")]
    Task<CollectionResponsePropertyNoPaging> ListAsync(string objectType, CancellationToken cancellationToken);

    [Post("/crm/v3/properties/{objectType}")]
    Task<IApiResponse<Property>> CreateAsync(string objectType, [Body] PropertyCreate request, CancellationToken cancellationToken);

    [Post("/crm/v3/properties/{objectType}/batch/create")]
    Task<IApiResponse<BatchResponseProperty>> BatchCreateAsync(string objectType, [Body] BatchInputPropertyCreate request, CancellationToken cancellationToken);

    [Get("/crm/v3/properties/{objectType}/groups")]
    Task<CollectionResponsePropertyGroupNoPaging> ListGroupsAsync(string objectType, CancellationToken cancellationToken);

    [Post("/crm/v3/properties/{objectType}/groups")]
    Task<IApiResponse<PropertyGroup>> CreateGroupAsync(string objectType, [Body] PropertyGroupCreate request, CancellationToken cancellationToken);
}
