using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Trig.Crm.HubSpot.Http;

/// <summary>
/// The one pacer every HubSpot call goes through (a singleton): keeps to <see cref="HubSpotOptions.RequestsPer10Seconds"/>
/// in a rolling window, search calls also to about 5 per second, waits out a ten-secondly 429 for everyone,
/// and after a DAILY 429 refuses every call until the reset.
/// </summary>
internal sealed class HubSpotRateLimiter
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly ILogger<HubSpotRateLimiter> _logger;
    private readonly RollingWindow _all;
    private readonly RollingWindow _search;
    private DateTimeOffset _pausedUntil;
    private DateTimeOffset _dailyBlockedUntil;

    public HubSpotRateLimiter(IOptions<HubSpotOptions> options, TimeProvider time, ILogger<HubSpotRateLimiter> logger)
    {
        _time = time;
        _logger = logger;
        _all = new RollingWindow(Math.Max(1, options.Value.RequestsPer10Seconds), options.Value.PacingWindow);
        _search = new RollingWindow(Math.Max(1, options.Value.SearchRequestsPerSecond), TimeSpan.FromSeconds(1));
    }

    /// <summary>When set, the daily limit was hit and calls are refused until then.</summary>
    public DateTimeOffset? DailyBlockedUntil
    {
        get
        {
            lock (_lock)
            {
                return _dailyBlockedUntil > _time.GetUtcNow() ? _dailyBlockedUntil : null;
            }
        }
    }

    /// <summary>Waits for a slot. Dispose the lease when the response has arrived.</summary>
    public async ValueTask<Lease> AcquireAsync(bool search, CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan wait;
            lock (_lock)
            {
                var now = _time.GetUtcNow();
                if (_dailyBlockedUntil > now)
                {
                    throw new HubSpotDailyLimitException(_dailyBlockedUntil);
                }

                wait = _pausedUntil > now ? _pausedUntil - now : TimeSpan.Zero;
                var all = _all.WaitTime(now);
                var s = search ? _search.WaitTime(now) : TimeSpan.Zero;
                wait = new[] { wait, all, s }.Max();
                if (wait <= TimeSpan.Zero)
                {
                    _all.Take();
                    if (search)
                    {
                        _search.Take();
                    }

                    return new Lease(this, search);
                }
            }

            await Task.Delay(wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait, _time, cancellationToken);
        }
    }

    /// <summary>A ten-secondly 429: every caller waits until then (the budget was shared with someone else).</summary>
    public void PauseUntil(DateTimeOffset until)
    {
        lock (_lock)
        {
            if (until > _pausedUntil)
            {
                _pausedUntil = until;
            }
        }
    }

    /// <summary>A DAILY 429: no calls until the reset.</summary>
    public void BlockDaily(DateTimeOffset until)
    {
        lock (_lock)
        {
            if (until > _dailyBlockedUntil)
            {
                _dailyBlockedUntil = until;
                _logger.LogError("HubSpot daily API limit reached; HubSpot calls stop until {ResetsAt:u}", until);
            }
        }
    }

    private void Release(bool search)
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            _all.Release(now);
            if (search)
            {
                _search.Release(now);
            }
        }
    }

    /// <summary>One request's slot.</summary>
    public sealed class Lease(HubSpotRateLimiter limiter, bool search) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                limiter.Release(search);
            }
        }
    }
}
