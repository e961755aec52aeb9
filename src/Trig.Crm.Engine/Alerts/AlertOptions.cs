namespace Trig.Crm.Engine.Alerts;

/// <summary>The stale-evaluation alert, bound from <c>Trig:Alerts</c>.</summary>
public sealed class AlertOptions
{
    public const string Section = "Trig:Alerts";

    /// <summary>Slack channel (id or <c>#name</c>) the alert is posted to. No default: without it no alert is sent.</summary>
    public string? SlackChannel { get; set; }

    /// <summary>
    /// A definition whose last evaluation by a completed full cycle is older than this is stale. Default: twice the
    /// full cycle's schedule (<c>Trig:Schedule:Cycle</c>), 30 minutes with the default schedule.
    /// </summary>
    public TimeSpan? StaleAfter { get; set; }

    /// <summary>Full cycles failing in a row before the alert is sent. Default 2.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 100)]
    public int FailedCycles { get; set; } = 2;
}
