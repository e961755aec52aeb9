using Trig.Crm.Lifecycle.Ports;

namespace Trig.Crm.HubSpot.Http;

/// <summary>HubSpot's daily limit as the pacer recorded it (a DAILY 429 blocks every call until the reset).</summary>
internal sealed class HubSpotQuota(HubSpotRateLimiter limiter) : ICrmQuota
{
    public string Provider => "hubspot";

    public DateTimeOffset? DailyLimitResetsAt => limiter.DailyBlockedUntil;
}
