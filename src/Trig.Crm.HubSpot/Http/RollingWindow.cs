namespace Trig.Crm.HubSpot.Http;

/// <summary>
/// A rolling-window budget: at most <c>budget</c> requests in any <c>window</c>. A request counts from the moment
/// its response arrived, which is never earlier than when the server counted it, so the server's own rolling
/// window never sees more than the budget. Not thread-safe: the limiter locks around it.
/// </summary>
internal sealed class RollingWindow(int budget, TimeSpan window)
{
    private readonly Queue<DateTimeOffset> _done = new();
    private int _inFlight;

    public int Budget => budget;

    /// <summary>How long until a slot frees (zero when one is free now).</summary>
    public TimeSpan WaitTime(DateTimeOffset now)
    {
        while (_done.Count > 0 && _done.Peek() + window <= now)
        {
            _done.Dequeue();
        }

        if (_done.Count + _inFlight < budget)
        {
            return TimeSpan.Zero;
        }

        // Every slot is in flight: poll shortly; the in-flight ones free their slot a window after they finish.
        return _done.Count > 0 ? _done.Peek() + window - now : TimeSpan.FromMilliseconds(5);
    }

    public void Take() => _inFlight++;

    public void Release(DateTimeOffset now)
    {
        _inFlight--;
        _done.Enqueue(now);
    }
}
