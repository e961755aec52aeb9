namespace Trig.Crm.Lifecycle.Ports;

/// <summary>
/// The CRM request budget every node of a cluster shares, kept where they all meet (the store). Connectors reach it
/// through this port because they may not reference the store; each connector turns it into a
/// <c>Trig.Crm.Pacing.SharedBudgetRateLimiter</c>.
/// </summary>
public interface ICrmRequestBudget
{
    /// <summary>
    /// Takes up to <paramref name="wanted"/> permits, atomically, from the budget of <paramref name="provider"/>'s
    /// <paramref name="policy"/> for the window that starts at <paramref name="windowStart"/> (UTC Unix milliseconds),
    /// of which at most <paramref name="windowBudget"/> are handed out in all. Returns how many were granted: 0 when the
    /// window is spent (or a node with a later clock already moved the budget on to a later window).
    /// </summary>
    ValueTask<int> TakeAsync(string provider, string policy, long windowStart, int windowBudget, int wanted, CancellationToken cancellationToken);
}
