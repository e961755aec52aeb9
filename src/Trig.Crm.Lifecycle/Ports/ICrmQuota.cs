namespace Trig.Crm.Lifecycle.Ports;

/// <summary>A CRM connector's API quota as it last saw it, for the readiness check.</summary>
public interface ICrmQuota
{
    /// <summary>The provider name (<c>hubspot</c>, <c>dynamics</c>).</summary>
    string Provider { get; }

    /// <summary>When the CRM's daily limit is exhausted: when it resets. Null while calls are allowed.</summary>
    DateTimeOffset? DailyLimitResetsAt { get; }
}
