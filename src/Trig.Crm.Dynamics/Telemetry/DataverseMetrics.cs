using System.Diagnostics.Metrics;
using Trig.Crm.Lifecycle.Ports;

namespace Trig.Crm.Dynamics.Telemetry;

/// <summary>The Dataverse connector's CRM request instruments (provider <c>dynamics</c>; 429s are service protection).</summary>
internal sealed class DataverseMetrics(IMeterFactory meters) : CrmRequestMetrics(meters, "dynamics")
{
    /// <summary>The policy Dataverse's 429s are reported under.</summary>
    public const string ServiceProtection = "service_protection";
}
