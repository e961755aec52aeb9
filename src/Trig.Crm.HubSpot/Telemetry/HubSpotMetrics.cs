using System.Diagnostics.Metrics;

namespace Trig.Crm.HubSpot.Telemetry;

/// <summary>
/// The HubSpot connector's instruments, on the meter every Trig project shares (<c>Trig.Crm</c>; the connector
/// declares the name itself since it references Lifecycle only): requests by status, 429s by policy, pacer waits.
/// </summary>
internal sealed class HubSpotMetrics
{
    /// <summary>The meter name shared by all of Trig's projects.</summary>
    public const string MeterName = "Trig.Crm";

    private static readonly KeyValuePair<string, object?> Provider = new("trig.crm.provider", "hubspot");
    private readonly Counter<long> _requests;
    private readonly Counter<long> _rateLimited;
    private readonly Histogram<double> _pacerWait;

    public HubSpotMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _requests = meter.CreateCounter<long>("trig.crm.requests", "{request}", "Requests sent to the CRM, by provider and HTTP status code");
        _rateLimited = meter.CreateCounter<long>("trig.crm.rate_limited", "{response}", "429 answers from the CRM, by provider and rate-limit policy");
        _pacerWait = meter.CreateHistogram<double>("trig.crm.pacer.wait", "s", "Time a request waited for the pacer before it was sent, by provider");
    }

    public void Request(int statusCode) => _requests.Add(1, Provider, new("http.response.status_code", statusCode));

    public void RateLimited(string? policy) => _rateLimited.Add(1, Provider, new("trig.crm.policy", policy ?? "unknown"));

    public void PacerWaited(TimeSpan wait) => _pacerWait.Record(wait.TotalSeconds, Provider);
}
