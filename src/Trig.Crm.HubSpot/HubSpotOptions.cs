using System.ComponentModel.DataAnnotations;

namespace Trig.Crm.HubSpot;

/// <summary>
/// HubSpot connector settings, bound from <c>Trig:HubSpot</c>.
/// </summary>
/// <remarks>
/// Attribute mapping, kept simple:
/// <list type="bullet">
/// <item><c>CompanyProperties</c> / <c>ContactProperties</c> list HubSpot properties; each becomes an attribute of the
/// same name. An entry <c>attribute:property</c> renames (<c>arr:annualrevenue</c> pulls <c>annualrevenue</c> as <c>arr</c>).</item>
/// <item><c>Mapping:{companies|contacts}:{property}</c> = <c>string</c>|<c>number</c>|<c>bool</c>|<c>datetime</c>|<c>list</c>
/// types a property (<c>Trig:HubSpot:Mapping:companies:annualrevenue=number</c>); datetimes accept ISO 8601 or epoch ms,
/// lists are HubSpot's <c>;</c>-separated multi-select values. A mapped property not in the list is pulled too.
/// Unmapped values are inferred (number, true/false, ISO 8601 datetime, else string). An empty string removes the attribute.</item>
/// </list>
/// Single-field rules are DataAnnotations, checked at start-up; each failure is one line naming the key.
/// Public because the Worker's request verifier reads <see cref="ClientSecret"/> through <c>IOptions&lt;HubSpotOptions&gt;</c>.
/// </remarks>
public sealed class HubSpotOptions
{
    public const string SectionName = "Trig:HubSpot";

    /// <summary>API root. Default <c>https://api.hubapi.com</c> (a test points it at loopback).</summary>
    [Required(ErrorMessage = "Trig:HubSpot:BaseUrl must not be empty.")]
    [Url(ErrorMessage = "Trig:HubSpot:BaseUrl must be an absolute URL.")]
    public string BaseUrl { get; set; } = "https://api.hubapi.com";

    /// <summary>Private app token (<c>Trig:HubSpot:AccessToken</c>). Required, no default; a secret, never logged.</summary>
    [Required(ErrorMessage = "Trig:HubSpot:AccessToken is required (the HubSpot private app token) when Trig:Crm:Provider is hubspot.")]
    public string? AccessToken { get; set; }

    /// <summary>
    /// The app's client secret (<c>Trig:HubSpot:ClientSecret</c>): HubSpot signs card fetches, settings-page calls and
    /// webhooks with it (v3 signatures), and the Worker verifies them with it. Default: none, and then signed requests
    /// are refused. A secret: never logged.
    /// </summary>
    public string? ClientSecret { get; set; }

    /// <summary>HubSpot account (portal) id, for record links. Default: none (no links).</summary>
    public string? PortalId { get; set; }

    /// <summary>The burst budget the pacer keeps to, per rolling 10 seconds. Default 100 (Free/Starter; 190 Pro/Enterprise).</summary>
    [Range(1, 10_000, ErrorMessage = "Trig:HubSpot:RequestsPer10Seconds must be between 1 and 10000.")]
    public int RequestsPer10Seconds { get; set; } = 100;

    /// <summary>Prefix of the provisioned properties. Default <c>trig_</c>; they go in the property group <c>trig</c>.</summary>
    [Required(ErrorMessage = "Trig:HubSpot:PropertyPrefix must not be empty.")]
    public string PropertyPrefix { get; set; } = "trig_";

    /// <summary>Company properties pulled as organisation attributes. Default <c>name,domain,hubspot_owner_id,lifecyclestage,annualrevenue</c>.</summary>
    public string CompanyProperties { get; set; } = "name,domain,hubspot_owner_id,lifecyclestage,annualrevenue";

    /// <summary>Contact properties pulled as person attributes. Default <c>email,firstname,lastname,hubspot_owner_id,lifecyclestage</c>.</summary>
    public string ContactProperties { get; set; } = "email,firstname,lastname,hubspot_owner_id,lifecyclestage";

    /// <summary>Types of pulled properties by object type (<c>companies</c>, <c>contacts</c>) and property name. Default: none (inferred).</summary>
    [HubSpotMappingKinds]
    public Dictionary<string, Dictionary<string, string>> Mapping { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The rolling window of <see cref="RequestsPer10Seconds"/>: 10 s, shorter only in tests.</summary>
    internal TimeSpan PacingWindow { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Search has its own budget, about 5 requests per second per account.</summary>
    internal int SearchRequestsPerSecond { get; set; } = 5;

    /// <summary>First delay of the jittered exponential retry on 5xx and timeouts.</summary>
    internal TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How many times a ten-secondly 429 is waited out and retried before giving up.</summary>
    internal int MaxRateLimitRetries { get; set; } = 5;
}
