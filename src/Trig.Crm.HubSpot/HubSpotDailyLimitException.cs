namespace Trig.Crm.HubSpot;

/// <summary>
/// HubSpot answered 429 with policy <c>DAILY</c>: every HubSpot call stops until <see cref="ResetsAt"/>
/// (Retry-After when given, else the next UTC midnight, since the portal's time zone is unknown).
/// </summary>
internal sealed class HubSpotDailyLimitException : Exception
{
    public HubSpotDailyLimitException(DateTimeOffset resetsAt)
        : base($"HubSpot daily API limit reached: no HubSpot calls until {resetsAt:yyyy-MM-dd HH:mm} UTC.")
    {
        ResetsAt = resetsAt;
    }

    public HubSpotDailyLimitException()
        : this(DateTimeOffset.MinValue)
    {
    }

    public HubSpotDailyLimitException(string message)
        : base(message)
    {
    }

    public HubSpotDailyLimitException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DateTimeOffset ResetsAt { get; }
}
