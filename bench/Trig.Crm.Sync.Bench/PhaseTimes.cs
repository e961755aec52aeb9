using System.Collections.Concurrent;
using System.Diagnostics;
using Trig.Crm.Engine.Telemetry;

/// <summary>
/// Sums the wall time of the cycle's own spans (<c>trig.load</c>, <c>trig.evaluate</c>, <c>trig.commit</c>,
/// <c>trig.push</c>, …) by listening to the engine's activity source, so the bench says where a cycle's time goes
/// without any timing code in the product.
/// </summary>
internal sealed class PhaseTimes : IDisposable
{
    private readonly ConcurrentDictionary<string, (TimeSpan Total, int Count)> _sums = new(StringComparer.Ordinal);
    private readonly ActivityListener _listener;
    private long _transitions;
    private long _entities;

    public PhaseTimes()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == TrigTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = a =>
            {
                _sums.AddOrUpdate(a.OperationName, (a.Duration, 1), (_, v) => (v.Total + a.Duration, v.Count + 1));
                if (a.OperationName == "trig.commit" && a.GetTagItem("trig.transitions") is int n)
                {
                    Interlocked.Add(ref _transitions, n);
                }

                if (a.OperationName == "trig.evaluate" && a.GetTagItem("trig.entities") is int e)
                {
                    Interlocked.Add(ref _entities, e);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Clear()
    {
        _sums.Clear();
        Interlocked.Exchange(ref _transitions, 0);
        Interlocked.Exchange(ref _entities, 0);
    }

    /// <summary>The entities evaluated (the <c>trig.evaluate</c> spans' tag) since the last <see cref="Clear"/>.</summary>
    public long Entities => Interlocked.Read(ref _entities);

    /// <summary>The transitions committed (the <c>trig.commit</c> spans' tag) since the last <see cref="Clear"/>.</summary>
    public long Transitions => Interlocked.Read(ref _transitions);

    /// <summary>The summed seconds of the spans named <paramref name="name"/> since the last <see cref="Clear"/>.</summary>
    public double Seconds(string name) => _sums.TryGetValue(name, out var v) ? v.Total.TotalSeconds : 0;

    /// <summary>One line: each span name with its summed seconds (and how many there were), cycle first.</summary>
    public string Summary() =>
        string.Join("; ", _sums.OrderByDescending(kv => kv.Value.Total).Select(kv => $"{kv.Key} {kv.Value.Total.TotalSeconds:0.00} s ×{kv.Value.Count}"));

    public void Dispose() => _listener.Dispose();
}
