using System.ComponentModel.DataAnnotations;

namespace Trig.Crm.Ingest;

/// <summary>The Segment-compatible ingest API, bound from <c>Trig:Ingest</c>.</summary>
public sealed class IngestOptions
{
    public const string Section = "Trig:Ingest";

    /// <summary>Basic-auth user name (empty password). No default: without it every ingest call answers 401.</summary>
    public string? WriteKey { get; set; }

    /// <summary>
    /// How a Segment person matches a CRM person: <c>id</c> (userId is the entity id), <c>email</c> (traits.email or
    /// userId against the person's <c>email</c> attribute) or any attribute name holding a product user id (e.g.
    /// <c>product_user_id</c>). Default: <c>id</c> with the local CRM, <c>email</c> with HubSpot,
    /// <c>emailaddress1</c> with Dynamics.
    /// </summary>
    public string? PersonKey { get; set; }

    /// <summary>How a Segment <c>groupId</c> matches a CRM organisation: <c>id</c> (default) or an attribute name (e.g. <c>product_account_id</c>).</summary>
    [Required]
    public string OrganisationKey { get; set; } = "id";

    /// <summary>Largest single message in bytes (Segment: 32 KB). Default 32768.</summary>
    [Range(1024, 1 << 20)]
    public int MaxMessageBytes { get; set; } = 32 * 1024;

    /// <summary>Largest /v1/batch body in bytes (Segment: 500 KB). Default 512000.</summary>
    [Range(1024, 16 << 20)]
    public int MaxBatchBytes { get; set; } = 500 * 1024;

    /// <summary>Seconds between re-checks of pending (unmatched) ids in <c>trig run</c>; they are also re-checked after every CRM pull. Default 30.</summary>
    [Range(1, 86400)]
    public int PendingRecheckSeconds { get; set; } = 30;

    /// <summary>
    /// Whether a committed ingest call wakes the fast path at once (default true). Off, ingested changes wait for the
    /// timed fast path (<c>Trig:Schedule:FastPathMilliseconds</c>).
    /// </summary>
    public bool WakeFastPath { get; set; } = true;

    /// <summary>
    /// Least milliseconds between two woken fast-path runs, so a flood of ingest calls does not keep evaluation busy
    /// back to back (the writes then wait for CPU). Default 0 (lowest latency); it adds up to the gap to the latency.
    /// </summary>
    [Range(0, 10000)]
    public int MinWakeGapMilliseconds { get; set; }

    /// <summary>The identity rules, with the provider's default person key filled in.</summary>
    public Store.Ingest.IngestIdentity Identity(string? crmProvider) => new(
        string.IsNullOrWhiteSpace(PersonKey) ? DefaultPersonKey(crmProvider) : PersonKey.Trim(),
        string.IsNullOrWhiteSpace(OrganisationKey) ? "id" : OrganisationKey.Trim());

    public static string DefaultPersonKey(string? crmProvider) => (crmProvider ?? "local").ToLowerInvariant() switch
    {
        "hubspot" => "email",
        "dynamics" => "emailaddress1",
        _ => "id",
    };
}
