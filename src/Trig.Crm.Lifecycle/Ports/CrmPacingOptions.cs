using System.ComponentModel.DataAnnotations;

namespace Trig.Crm.Lifecycle.Ports;

/// <summary>
/// How CRM connectors share their request budget across the nodes of a cluster, bound from <c>Trig:Pacing</c>.
/// Lives beside the ports because both connectors bind it and they reference Lifecycle only.
/// </summary>
public sealed class CrmPacingOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Trig:Pacing";

    /// <summary>
    /// Keep the CRM request budget in the store, shared by every process on it (<c>Trig:Pacing:Shared</c>). Default
    /// <c>true</c>; ignored on a read-only store. Off, each process paces alone.
    /// </summary>
    public bool Shared { get; set; } = true;

    /// <summary>Permits a process takes from the store in one write (<c>Trig:Pacing:Batch</c>). Default 10.</summary>
    [Range(1, 1_000, ErrorMessage = "Trig:Pacing:Batch must be between 1 and 1000.")]
    public int Batch { get; set; } = 10;

    /// <summary>Fixed windows per CRM rate-limit period (<c>Trig:Pacing:Slices</c>). Default 10 (1 s windows for HubSpot's 10 s, 30 s for Dataverse's 5 minutes).</summary>
    [Range(1, 100, ErrorMessage = "Trig:Pacing:Slices must be between 1 and 100.")]
    public int Slices { get; set; } = 10;
}
