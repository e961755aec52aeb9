namespace Trig.Crm.Lifecycle.Ports;

/// <summary>A CRM as a source of organisations, people, owners and their links.</summary>
public interface ICrmSource
{
    /// <summary><c>local</c>, <c>hubspot</c> or <c>dynamics</c>.</summary>
    string Provider { get; }

    /// <summary>Pulls changed (or all, or the listed) records into the target, storing its own checkpoints there.</summary>
    Task<CrmPullSummary> PullAsync(ICrmPullTarget target, CrmPullRequest request, CancellationToken cancellationToken);
}
