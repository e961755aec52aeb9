using System.Diagnostics;
using System.Threading.Channels;

namespace Trig.Crm.Ingest;

/// <summary>
/// Wakes the ingest fast path as soon as a write committed, instead of waiting for the next interval. Repeated
/// signals before the loop wakes collapse into one. Each signal may carry the trace context of the call that sent
/// it; the run it wakes links to them (<see cref="TakeLinks"/>).
/// </summary>
public sealed class IngestSignal
{
    /// <summary>Links kept per wake-up: beyond this a burst of calls is represented by its first ones.</summary>
    internal const int MaxLinks = 32;

    private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Lock _lock = new();
    private List<ActivityContext> _links = [];

    public void Notify() => Notify(Activity.Current?.Context ?? default);

    /// <summary>Wakes the loop; <paramref name="caller"/> (when valid) is linked from the run it wakes.</summary>
    public void Notify(ActivityContext caller)
    {
        if (caller != default)
        {
            lock (_lock)
            {
                if (_links.Count < MaxLinks)
                {
                    _links.Add(caller);
                }
            }
        }

        _channel.Writer.TryWrite(true);
    }

    /// <summary>The trace contexts of the calls signalled since the last take.</summary>
    public IReadOnlyList<ActivityContext> TakeLinks()
    {
        lock (_lock)
        {
            var taken = _links;
            _links = [];
            return taken;
        }
    }

    /// <summary>Waits for a signal or the timeout; true when signalled.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        if (_channel.Reader.TryRead(out _))
        {
            return true;
        }

        using var timer = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, cancellationToken);
        try
        {
            await _channel.Reader.WaitToReadAsync(linked.Token);
            return _channel.Reader.TryRead(out _);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
