using Trig.Crm.Lifecycle.Ports;

namespace Trig.Crm.Testing.Stores;

/// <summary>
/// A node's shared request budget, counting its store calls in flight, so a test that moves a fake clock knows when
/// the node is waiting for the clock rather than for the database.
/// </summary>
internal sealed class CountingRequestBudget(ICrmRequestBudget inner) : ICrmRequestBudget
{
    private int _calls;

    /// <summary>Store calls in flight.</summary>
    public int Calls => Volatile.Read(ref _calls);

    public async ValueTask<int> TakeAsync(string provider, string policy, long windowStart, int windowBudget, int wanted, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        try
        {
            return await inner.TakeAsync(provider, policy, windowStart, windowBudget, wanted, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _calls);
        }
    }
}
