namespace Trig.Crm.Store.Health;

/// <summary>
/// The last store write that failed because the disk is full (or failing), until a write succeeds again: readiness
/// reports Unhealthy with the reason meanwhile, and ingest answers 503 instead of pretending. One per process.
/// </summary>
public sealed class StoreWriteState
{
    private readonly Lock _lock = new();
    private (DateTimeOffset At, string Reason)? _failure;

    /// <summary>When the failing write happened and why; null while writes succeed.</summary>
    public (DateTimeOffset At, string Reason)? Failure
    {
        get
        {
            lock (_lock)
            {
                return _failure;
            }
        }
    }

    /// <summary>Records <paramref name="exception"/> when it is an out-of-space fault; returns whether it was.</summary>
    public bool RecordIfOutOfSpace(Exception exception, DateTimeOffset at)
    {
        if (!StoreFaults.IsOutOfSpace(exception))
        {
            return false;
        }

        lock (_lock)
        {
            // The first failure's time is kept: "since when" is what an operator needs.
            _failure = (_failure?.At ?? at, exception.Message);
        }

        return true;
    }

    public void RecordSuccess()
    {
        lock (_lock)
        {
            _failure = null;
        }
    }
}
