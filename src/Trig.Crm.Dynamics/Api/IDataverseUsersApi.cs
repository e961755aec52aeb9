using System.Text.Json.Serialization;
using Refit;

namespace Trig.Crm.Dynamics.Api;

/// <summary>Owner look-ups: users (and teams) behind <c>_ownerid_value</c>.</summary>
internal interface IDataverseUsersApi
{
    [Get("/api/data/v9.2/systemusers({id})?$select=internalemailaddress")]
    Task<IApiResponse<SystemUser>> GetSystemUserAsync(string id, CancellationToken cancellationToken);
}

/// <summary>The columns read from a <c>systemuser</c>.</summary>
internal sealed record SystemUser(
    [property: JsonPropertyName("systemuserid")] string? Id,
    [property: JsonPropertyName("internalemailaddress")] string? InternalEmailAddress);
