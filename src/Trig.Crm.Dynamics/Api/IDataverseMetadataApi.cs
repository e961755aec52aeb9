using System.Text.Json.Nodes;
using Refit;

namespace Trig.Crm.Dynamics.Api;

/// <summary>The metadata part of the Web API: column definitions and publishing.</summary>
internal interface IDataverseMetadataApi
{
    /// <summary>A column definition; 404 when the column does not exist.</summary>
    [Get("/api/data/v9.2/EntityDefinitions(LogicalName='{entity}')/Attributes(LogicalName='{attribute}')?$select=LogicalName")]
    Task<IApiResponse> GetAttributeAsync(string entity, string attribute, CancellationToken cancellationToken);

    /// <summary>
    /// The logical name and type of every custom column of a table. Metadata queries support no string functions
    /// (no <c>startswith</c> on <c>LogicalName</c>), so the caller keeps the columns with its prefix.
    /// </summary>
    [Get("/api/data/v9.2/EntityDefinitions(LogicalName='{entity}')/Attributes?$select=LogicalName,AttributeType&$filter=IsCustomAttribute eq true")]
    Task<IApiResponse<AttributeTypeList>> GetCustomAttributeTypesAsync(string entity, CancellationToken cancellationToken);

    /// <summary>Creates a column in the given solution; 204 on success.</summary>
    [Post("/api/data/v9.2/EntityDefinitions(LogicalName='{entity}')/Attributes")]
    Task<IApiResponse> CreateAttributeAsync(
        string entity,
        [Header("MSCRM.SolutionUniqueName")] string solutionUniqueName,
        [Body(buffered: true)] JsonObject definition,
        CancellationToken cancellationToken);

    /// <summary>Publishes customizations (<c>{"ParameterXml":"&lt;importexportxml&gt;…"}</c>).</summary>
    [Post("/api/data/v9.2/PublishXml")]
    Task<IApiResponse> PublishXmlAsync([Body(buffered: true)] JsonObject parameters, CancellationToken cancellationToken);
}
