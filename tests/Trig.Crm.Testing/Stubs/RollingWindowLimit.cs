using System.Diagnostics;

namespace Trig.Crm.Testing.Stubs;

/// <summary>
/// A CRM's rolling rate limit as a stand-in enforces it: at most <paramref name="requests"/> calls in any
/// <paramref name="window"/> of real time (HubSpot counts in real seconds); a call beyond it is refused and counted.
/// </summary>
internal sealed class RollingWindowLimit(int requests, TimeSpan window)
{
    private readonly Queue<long> _arrivals = new();
    private int _refused;

    /// <summary>Calls refused so far.</summary>
    public int Refused => Volatile.Read(ref _refused);

    /// <summary>Counts a call: true when it is within the limit, false (and counted as refused) when it is not.</summary>
    public bool Admit()
    {
        lock (_arrivals)
        {
            var now = Stopwatch.GetTimestamp();
            while (_arrivals.Count > 0 && Stopwatch.GetElapsedTime(_arrivals.Peek(), now) >= window)
            {
                _arrivals.Dequeue();
            }

            if (_arrivals.Count >= requests)
            {
                Interlocked.Increment(ref _refused);
                return false;
            }

            _arrivals.Enqueue(now);
            return true;
        }
    }
}
