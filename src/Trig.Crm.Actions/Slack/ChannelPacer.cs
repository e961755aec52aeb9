namespace Trig.Crm.Actions.Slack;

/// <summary>
/// Keeps each channel to about one message per interval, allowing a short burst (a generic cell-rate gate:
/// each message reserves the next slot). Slack's published limit is about 1 message per second per channel.
/// </summary>
internal sealed class ChannelPacer(TimeProvider time)
{
    private readonly Dictionary<string, DateTimeOffset> _next = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>
    /// Reserves a slot when it comes within <paramref name="maxWait"/>; returns the wait before sending. When the slot is
    /// further away, nothing is reserved and <paramref name="wait"/> says how long until one frees up.
    /// </summary>
    public bool TryReserve(string channel, TimeSpan interval, int burst, TimeSpan maxWait, out TimeSpan wait)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            var theoretical = _next.TryGetValue(channel, out var t) && t > now ? t : now;
            var allowedAt = theoretical - (interval * (burst - 1));
            wait = allowedAt > now ? allowedAt - now : TimeSpan.Zero;
            if (wait > maxWait)
            {
                return false;
            }

            _next[channel] = theoretical + interval;
            if (_next.Count > 5_000)
            {
                foreach (var key in _next.Where(p => p.Value <= now).Select(p => p.Key).ToList())
                {
                    _next.Remove(key);
                }
            }

            return true;
        }
    }
}
