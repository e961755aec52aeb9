using System.ComponentModel.DataAnnotations;

namespace Trig.Crm.Engine.Insights;

/// <summary>Settings of pattern discovery and measurement (<c>Trig:Insights</c>).</summary>
public sealed class InsightsOptions
{
    public const string Section = "Trig:Insights";

    /// <summary>
    /// Doers and non-doers a behaviour or objective needs, each, before its retention gap is ranked; below it is
    /// listed as "not enough data". Default 10 (the lifecycle's "10+ completions" rule of thumb).
    /// </summary>
    [Range(1, 1_000_000)]
    public int MinGroupSize { get; set; } = 10;

    /// <summary>Members per page of <c>trig members</c> and the members endpoint. Default 50.</summary>
    [Range(1, 1000)]
    public int MembersPageSize { get; set; } = 50;
}
