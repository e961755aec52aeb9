namespace Trig.Crm.Worker.Health;

/// <summary>Readiness thresholds, bound from <c>Trig:Health</c>.</summary>
internal sealed class HealthOptions
{
    public const string Section = "Trig:Health";

    /// <summary>
    /// The oldest due outbox action may wait this long before readiness reports Degraded (actions are not going out).
    /// Default 15 minutes.
    /// </summary>
    public TimeSpan OutboxMaxDueAge { get; set; } = TimeSpan.FromMinutes(15);
}
