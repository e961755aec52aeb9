using System.Diagnostics.Metrics;
using Trig.Crm.Lifecycle.Ports;

namespace Trig.Crm.HubSpot.Telemetry;

/// <summary>The HubSpot connector's CRM request instruments (provider <c>hubspot</c>; 429s by HubSpot's policy name).</summary>
internal sealed class HubSpotMetrics(IMeterFactory meters) : CrmRequestMetrics(meters, "hubspot");
