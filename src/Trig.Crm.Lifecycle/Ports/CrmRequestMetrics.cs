using System.Diagnostics.Metrics;

namespace Trig.Crm.Lifecycle.Ports;

/// <summary>
/// The instruments every CRM connector reports, on the meter all of Trig's projects share (<c>Trig.Crm</c>):
/// requests by provider and status, 429s by provider and policy, and time spent waiting for the pacer. It lives
/// beside the ports because connectors reference Lifecycle only; each connector derives one with its provider name.
/// </summary>
public abstract class CrmRequestMetrics
{
    /// <summary>The meter name shared by all of Trig's projects.</summary>
    public const string MeterName = "Trig.Crm";

    private readonly KeyValuePair<string, object?> _provider;
    private readonly Counter<long> _requests;
    private readonly Counter<long> _rateLimited;
    private readonly Histogram<double> _pacerWait;

    /// <summary>Creates the instruments for <paramref name="provider"/> (the <c>trig.crm.provider</c> attribute).</summary>
    protected CrmRequestMetrics(IMeterFactory meters, string provider)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _provider = new("trig.crm.provider", provider);
        var meter = meters.Create(MeterName);
        _requests = meter.CreateCounter<long>("trig.crm.requests", "{request}", "Requests sent to the CRM, by provider and HTTP status code");
        _rateLimited = meter.CreateCounter<long>("trig.crm.rate_limited", "{response}", "429 answers from the CRM, by provider and rate-limit policy");
        _pacerWait = meter.CreateHistogram<double>("trig.crm.pacer.wait", "s", "Time a request waited for the pacer before it was sent, by provider");
    }

    /// <summary>One request answered with <paramref name="statusCode"/>.</summary>
    public void Request(int statusCode) => _requests.Add(1, _provider, new("http.response.status_code", statusCode));

    /// <summary>One 429 under <paramref name="policy"/> (the CRM's name for the limit, or <c>unknown</c>).</summary>
    public void RateLimited(string? policy) => _rateLimited.Add(1, _provider, new("trig.crm.policy", policy ?? "unknown"));

    /// <summary>A request waited <paramref name="wait"/> for the pacer.</summary>
    public void PacerWaited(TimeSpan wait) => _pacerWait.Record(wait.TotalSeconds, _provider);
}
