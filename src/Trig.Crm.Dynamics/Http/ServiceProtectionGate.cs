using Microsoft.Extensions.Options;

namespace Trig.Crm.Dynamics.Http;

/// <summary>
/// Keeps to the Dataverse service protection limits for this application user: at most
/// <see cref="DataverseOptions.MaxConcurrency"/> requests in flight (far below 52); after a 429 every request waits
/// the full Retry-After, then concurrency restarts at 1 and doubles with each success up to the maximum.
/// </summary>
internal sealed class ServiceProtectionGate(IOptions<DataverseOptions> options, TimeProvider timeProvider)
{
    private readonly Lock _lock = new();
    private readonly Queue<TaskCompletionSource> _waiters = new();
    private readonly int _max = options.Value.MaxConcurrency;
    private int _limit = options.Value.MaxConcurrency;
    private int _inFlight;
    private DateTimeOffset _blockedUntil = DateTimeOffset.MinValue;
    private int _throttled;

    /// <summary>The concurrency allowed right now.</summary>
    public int CurrentLimit
    {
        get
        {
            lock (_lock)
            {
                return _limit;
            }
        }
    }

    /// <summary>Until when every request waits, after the last 429 (or null when not blocked).</summary>
    public DateTimeOffset? BlockedUntil
    {
        get
        {
            lock (_lock)
            {
                return _blockedUntil > timeProvider.GetUtcNow() ? _blockedUntil : null;
            }
        }
    }

    /// <summary>429 responses seen so far.</summary>
    public int Throttled => Volatile.Read(ref _throttled);

    public TimeProvider Time => timeProvider;

    /// <summary>Waits for a concurrency slot and for any Retry-After block to pass.</summary>
    public async Task AcquireAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await WaitWhileBlockedAsync(cancellationToken);
            TaskCompletionSource? waiter = null;
            lock (_lock)
            {
                if (_inFlight < _limit)
                {
                    _inFlight++;
                    return;
                }

                waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiters.Enqueue(waiter);
            }

            await waiter.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Frees a slot; a success ramps the limit back up (doubling) after throttling.</summary>
    public void Release(bool success)
    {
        lock (_lock)
        {
            _inFlight--;
            if (success && _limit < _max)
            {
                _limit = Math.Min(_max, _limit * 2);
            }

            WakeLocked();
        }
    }

    /// <summary>Records a 429: every request waits until now + <paramref name="retryAfter"/>, and concurrency drops to 1.</summary>
    public DateTimeOffset Throttle(TimeSpan retryAfter)
    {
        Interlocked.Increment(ref _throttled);
        lock (_lock)
        {
            var until = timeProvider.GetUtcNow() + retryAfter;
            if (until > _blockedUntil)
            {
                _blockedUntil = until;
            }

            _limit = 1;
            return _blockedUntil;
        }
    }

    private async Task WaitWhileBlockedAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan wait;
            lock (_lock)
            {
                wait = _blockedUntil - timeProvider.GetUtcNow();
            }

            if (wait <= TimeSpan.Zero)
            {
                return;
            }

            await Task.Delay(wait, timeProvider, cancellationToken);
        }
    }

    private void WakeLocked()
    {
        // Waiters re-check the limit themselves; wake as many as could now run.
        var free = _limit - _inFlight;
        while (free-- > 0 && _waiters.TryDequeue(out var waiter))
        {
            waiter.TrySetResult();
        }
    }
}
