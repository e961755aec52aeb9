using System.ComponentModel.DataAnnotations;

namespace Trig.Crm.Dynamics;

/// <summary>Settings of the Dataverse connector, bound from <c>Trig:Dataverse</c>.</summary>
/// <remarks>Single-field rules are DataAnnotations, checked at start-up; each failure is one line naming the key.</remarks>
public sealed class DataverseOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Trig:Dataverse";

    /// <summary>The Web API version path every request goes to.</summary>
    public const string ApiPath = "/api/data/v9.2/";

    /// <summary>Organisation URL, <c>https://{org}.crm.dynamics.com</c>. Required, no default.</summary>
    [Required(ErrorMessage = "Trig:Dataverse:Url is required (the organisation URL, https://{{org}}.crm.dynamics.com) when Trig:Crm:Provider is dynamics.")]
    [Url(ErrorMessage = "Trig:Dataverse:Url must be an absolute URL such as https://contoso.crm.dynamics.com.")]
    public string? Url { get; set; }

    /// <summary>Microsoft Entra tenant id of the application user. Required, no default.</summary>
    [Required(ErrorMessage = "Trig:Dataverse:TenantId is required (the Entra tenant of the application user) when Trig:Crm:Provider is dynamics.")]
    public string? TenantId { get; set; }

    /// <summary>Application (client) id of the application user. Required, no default.</summary>
    [Required(ErrorMessage = "Trig:Dataverse:ClientId is required (the application id of the application user) when Trig:Crm:Provider is dynamics.")]
    public string? ClientId { get; set; }

    /// <summary>Client secret of the application user. Required, no default; a secret, never logged.</summary>
    [Required(ErrorMessage = "Trig:Dataverse:ClientSecret is required (the client secret of the application user) when Trig:Crm:Provider is dynamics.")]
    public string? ClientSecret { get; set; }

    /// <summary>Token authority. Default <c>https://login.microsoftonline.com</c> (a test points it at loopback).</summary>
    [Required(ErrorMessage = "Trig:Dataverse:AuthorityHost must not be empty.")]
    [Url(ErrorMessage = "Trig:Dataverse:AuthorityHost must be an absolute URL.")]
    public string AuthorityHost { get; set; } = "https://login.microsoftonline.com";

    /// <summary>Unmanaged solution the provisioned columns are added to. Default <c>trig</c>.</summary>
    public string SolutionUniqueName { get; set; } = "trig";

    /// <summary>Publisher customization prefix of that solution (without the underscore). Default <c>trig</c>.</summary>
    [Required(ErrorMessage = "Trig:Dataverse:PublisherPrefix must not be empty.")]
    [RegularExpression("^[A-Za-z0-9]+$", ErrorMessage = "Trig:Dataverse:PublisherPrefix must be letters and digits.")]
    public string PublisherPrefix { get; set; } = "trig";

    /// <summary>Account columns pulled as organisation attributes of the same name. Default <c>name,revenue,_ownerid_value,modifiedon</c>.</summary>
    public string AccountColumns { get; set; } = "name,revenue,_ownerid_value,modifiedon";

    /// <summary>Contact columns pulled as person attributes. Default <c>fullname,emailaddress1,_parentcustomerid_value,_ownerid_value</c>.</summary>
    public string ContactColumns { get; set; } = "fullname,emailaddress1,_parentcustomerid_value,_ownerid_value";

    /// <summary>
    /// Optional type per pulled column (<c>string</c>, <c>number</c>, <c>bool</c>, <c>datetime</c>, <c>list</c>, or
    /// <c>label</c> for the formatted value of a choice column). Without an entry, the JSON type decides.
    /// Example: <c>Trig:Dataverse:ColumnTypes:industrycode=label</c>.
    /// </summary>
    [ColumnTypes]
    public Dictionary<string, string> ColumnTypes { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Use change tracking (delta links) for incremental pulls. Default true; when false, or when a table has tracking off, pulls filter on <c>modifiedon</c>.</summary>
    public bool UseChangeTracking { get; set; } = true;

    /// <summary><c>Prefer: odata.maxpagesize</c> for reads. Default 5000 (the Dataverse maximum).</summary>
    [Range(1, 5000, ErrorMessage = "Trig:Dataverse:MaxPageSize must be between 1 and 5000.")]
    public int MaxPageSize { get; set; } = 5000;

    /// <summary>Requests per <c>$batch</c>. Default 1000 (the Dataverse maximum).</summary>
    [Range(1, 1000, ErrorMessage = "Trig:Dataverse:MaxBatchOperations must be between 1 and 1000.")]
    public int MaxBatchOperations { get; set; } = 1000;

    /// <summary>Concurrent requests. Default 4, far below the 52 of the service protection limits.</summary>
    [Range(1, 52, ErrorMessage = "Trig:Dataverse:MaxConcurrency must be between 1 and 52.")]
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>
    /// Requests this application user may send per 5-minute sliding window, all processes on one store together
    /// (<c>Trig:Dataverse:RequestsPerFiveMinutes</c>). Default 6000, the Dataverse service protection limit per user;
    /// lower it when other applications use the same user. Kept in the store only when <c>Trig:Pacing:Shared</c> is on.
    /// </summary>
    [Range(1, 6000, ErrorMessage = "Trig:Dataverse:RequestsPerFiveMinutes must be between 1 and 6000 (the Dataverse limit per user).")]
    public int RequestsPerFiveMinutes { get; set; } = 6000;

    /// <summary>How long before expiry a token is renewed. Default 5 minutes.</summary>
    public TimeSpan TokenRenewBefore { get; set; } = TimeSpan.FromMinutes(5);

    internal Uri OrgUri => new(Url!.TrimEnd('/') + "/");

    internal IReadOnlyList<string> ColumnsOf(string table) =>
        SplitColumns(table == "account" ? AccountColumns : ContactColumns);

    internal static IReadOnlyList<string> SplitColumns(string columns) =>
        columns.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(c => c.ToLowerInvariant()).Distinct().ToArray();
}
