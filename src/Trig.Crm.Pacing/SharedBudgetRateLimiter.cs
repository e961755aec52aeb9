using System.Threading.RateLimiting;
using Trig.Crm.Lifecycle.Ports;

namespace Trig.Crm.Pacing;

/// <summary>
/// A <see cref="RateLimiter"/> whose permits come from the cluster's shared <see cref="ICrmRequestBudget"/>: it takes
/// a batch of permits for the current fixed window from the store, hands them out locally, and when the window is
/// spent waits for the next one (on the clock it is given: the real one in service, a fake one in tests). Permits are never returned: a request counts against the
/// CRM's budget once sent, whatever its answer.
/// </summary>
/// <remarks>
/// Why not <see cref="FixedWindowRateLimiter"/> or <see cref="SlidingWindowRateLimiter"/>: they count in this process
/// only, so two nodes would each spend the whole budget. Their state is the very thing that has to live in the
/// database; this class keeps their shape (leases, queued waiting) so the connectors' handlers treat it as any limiter.
/// Public, in Lifecycle, because both connectors (HubSpot, Dynamics) use this one class and reference Lifecycle only.
/// </remarks>
public sealed class SharedBudgetRateLimiter(ICrmRequestBudget budget, CrmBudgetPolicy policy, TimeProvider time) : RateLimiter
{
    /// <summary>The lease metadata naming the window (UTC Unix ms of its start) a granted permit belongs to.</summary>
    public static readonly MetadataName<long> WindowMetadata = new("TRIG_BUDGET_WINDOW");

    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _refill = new(1, 1);
    private readonly long _windowMs = (long)policy.Window.TotalMilliseconds;
    private long _window = long.MinValue;
    private long _spent = long.MinValue;
    private int _local;
    private long _granted;

    /// <summary>The policy this limiter keeps to.</summary>
    public CrmBudgetPolicy Policy => policy;

    public override TimeSpan? IdleDuration => null;

    public override RateLimiterStatistics? GetStatistics()
    {
        lock (_lock)
        {
            return new RateLimiterStatistics { CurrentAvailablePermits = _local, TotalSuccessfulLeases = _granted };
        }
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount) =>
        TryTakeLocal(permitCount, WindowOf(time.GetUtcNow().ToUnixTimeMilliseconds())) is { } lease ? lease : BudgetLease.Refused;

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(permitCount, policy.PerWindow);
        while (true)
        {
            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            var window = WindowOf(now);
            if (TryTakeLocal(permitCount, window) is { } lease)
            {
                return lease;
            }

            // One store call at a time per process: the others wait here and then use the batch it brought.
            await _refill.WaitAsync(cancellationToken);
            try
            {
                if (TryTakeLocal(permitCount, window) is { } refilled)
                {
                    return refilled;
                }

                if (Volatile.Read(ref _spent) != window)
                {
                    var granted = await budget.TakeAsync(policy.Provider, policy.Policy, window, policy.PerWindow, Math.Max(policy.Batch, permitCount), cancellationToken);
                    lock (_lock)
                    {
                        if (_window != window)
                        {
                            _window = window;
                            _local = 0;
                        }

                        _local += granted;
                        if (_local < permitCount)
                        {
                            _spent = window;
                        }
                    }

                    continue;
                }
            }
            finally
            {
                _refill.Release();
            }

            var wait = TimeSpan.FromMilliseconds(window + _windowMs - time.GetUtcNow().ToUnixTimeMilliseconds());
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, cancellationToken);
            }
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _refill.Dispose();
        }

        base.Dispose(disposing);
    }

    private long WindowOf(long nowMs) => nowMs - (((nowMs % _windowMs) + _windowMs) % _windowMs);

    private BudgetLease? TryTakeLocal(int permitCount, long window)
    {
        lock (_lock)
        {
            if (_window != window || _local < permitCount)
            {
                return null;
            }

            _local -= permitCount;
            _granted++;
            return new BudgetLease(true, window);
        }
    }

    private sealed class BudgetLease(bool acquired, long window) : RateLimitLease
    {
        public static readonly BudgetLease Refused = new(false, 0);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => acquired ? [WindowMetadata.Name] : [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = acquired && metadataName == WindowMetadata.Name ? window : null;
            return metadata is not null;
        }
    }
}
