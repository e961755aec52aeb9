namespace Trig.Crm.Worker.Tests.Telemetry;

/// <summary>
/// Tests that count measurements exactly: every host in this process publishes on the one <c>Trig.Crm</c> meter name,
/// and an OpenTelemetry listener hears them all, so these run alone (after the parallel tests).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "telemetry (exact counts)";
}
