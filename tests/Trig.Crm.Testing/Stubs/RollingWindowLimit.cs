namespace Trig.Crm.Testing.Stubs;

/// <summary>
/// A CRM's rolling rate limit as a stand-in enforces it: at most <paramref name="requests"/> calls in any
/// <paramref name="window"/> of <paramref name="time"/> (real time by default, as HubSpot counts in real seconds; a
/// fake clock for a limit as long as Dataverse's 5 minutes); a call beyond it is refused and counted.
/// </summary>
internal sealed class RollingWindowLimit(int requests, TimeSpan window, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Queue<long> _arrivals = new();
    private readonly List<DateTimeOffset> _admitted = [];
    private int _refused;

    /// <summary>The calls allowed per window.</summary>
    public int Requests => requests;

    /// <summary>The rolling window.</summary>
    public TimeSpan Window => window;

    /// <summary>Calls refused so far.</summary>
    public int Refused => Volatile.Read(ref _refused);

    /// <summary>When each admitted call arrived, on the limit's clock, in arrival order.</summary>
    public IReadOnlyList<DateTimeOffset> Admitted
    {
        get
        {
            lock (_arrivals)
            {
                return [.. _admitted];
            }
        }
    }

    /// <summary>Counts a call: true when it is within the limit, false (and counted as refused) when it is not.</summary>
    public bool Admit() => Admit(out _);

    /// <summary>As <see cref="Admit()"/>; a refused call also learns how long until the window has room again.</summary>
    public bool Admit(out TimeSpan retryAfter)
    {
        lock (_arrivals)
        {
            var now = _time.GetTimestamp();
            while (_arrivals.Count > 0 && _time.GetElapsedTime(_arrivals.Peek(), now) >= window)
            {
                _arrivals.Dequeue();
            }

            if (_arrivals.Count >= requests)
            {
                Interlocked.Increment(ref _refused);
                retryAfter = window - _time.GetElapsedTime(_arrivals.Peek(), now);
                return false;
            }

            _arrivals.Enqueue(now);
            _admitted.Add(_time.GetUtcNow());
            retryAfter = TimeSpan.Zero;
            return true;
        }
    }
}
