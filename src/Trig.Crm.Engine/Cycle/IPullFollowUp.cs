namespace Trig.Crm.Engine.Cycle;

/// <summary>
/// Work that must run after every CRM pull (full, incremental or targeted), registered by other concerns without
/// wrapping the CRM source. Contract: it must not throw for a per-record problem (log and keep the work for the next
/// pull); an exception is logged by the cycle and does not fail the pull.
/// </summary>
public interface IPullFollowUp
{
    /// <summary>Runs after the pull committed its records.</summary>
    Task AfterPullAsync(CancellationToken cancellationToken);
}
