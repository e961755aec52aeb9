using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Trig.Crm.Pacing;
using Trig.Crm.Lifecycle.Ports;

namespace Trig.Crm.HubSpot.Http;

/// <summary>
/// The one pacer every HubSpot call goes through (a singleton): keeps to <see cref="HubSpotOptions.RequestsPer10Seconds"/>
/// in a rolling window, search calls also to about 5 per second, waits out a ten-secondly 429 for everyone,
/// and after a DAILY 429 refuses every call until the reset. With a shared <see cref="ICrmRequestBudget"/> (the store's,
/// <c>Trig:Pacing:Shared</c>), each request also takes a permit of the cluster's <c>TEN_SECONDLY_ROLLING</c> budget,
/// last, right before it is sent, so that every process on one store together keeps to the account's budget.
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
    private readonly SharedBudgetRateLimiter? _shared;

    public HubSpotRateLimiter(
        IOptions<HubSpotOptions> options,
        TimeProvider time,
        ILogger<HubSpotRateLimiter> logger,
        ICrmRequestBudget? budget = null,
        IOptions<CrmPacingOptions>? pacing = null)
    {
        _time = time;
        _logger = logger;
        _all = new RollingWindow(Math.Max(1, options.Value.RequestsPer10Seconds), options.Value.PacingWindow);
        _search = new RollingWindow(Math.Max(1, options.Value.SearchRequestsPerSecond), TimeSpan.FromSeconds(1));
        var p = pacing?.Value ?? new CrmPacingOptions();
        if (budget is not null && p.Shared)
        {
            _shared = new SharedBudgetRateLimiter(
                budget,
                new CrmBudgetPolicy("hubspot", TenSecondlyRolling, Math.Max(1, options.Value.RequestsPer10Seconds), options.Value.PacingWindow, p.Slices, p.Batch),
                // The real clock, not the lifecycle clock: HubSpot counts requests in real seconds, and every process
                // on the store must name the same window. A lifecycle clock that is set (a test's, an as-of replay)
                // would otherwise freeze the window and hold every request after its first few.
                TimeProvider.System);
        }
    }

    /// <summary>HubSpot's name for the burst limit, and the shared budget's policy name.</summary>
    public const string TenSecondlyRolling = "TEN_SECONDLY_ROLLING";

    /// <summary>The cluster-wide budget this pacer also keeps to, or null when it paces alone.</summary>
    public SharedBudgetRateLimiter? Shared => _shared;

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

                    break;
                }
            }

            await Task.Delay(wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait, _time, cancellationToken);
        }

        var lease = new Lease(this, search);
        if (_shared is null)
        {
            return lease;
        }

        try
        {
            // Last, so the permit's window is the one the request is sent in.
            using var permit = await _shared.AcquireAsync(1, cancellationToken);
            return lease;
        }
        catch
        {
            lease.Dispose();
            throw;
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
