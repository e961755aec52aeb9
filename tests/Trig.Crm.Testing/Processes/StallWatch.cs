using System.Diagnostics;

namespace Trig.Crm.Testing.Processes;

/// <summary>
/// The bound of a test that waits on real processes or a real browser: it fails when what it watches has not changed
/// for <paramref name="bound"/> (a stall), never because the whole wait took long (that would be a speed target).
/// </summary>
internal sealed class StallWatch(TimeSpan bound)
{
    private Stopwatch _still = Stopwatch.StartNew();
    private string? _last;

    public TimeSpan Bound => bound;

    /// <summary>The last state seen.</summary>
    public string? Last => _last;

    /// <summary>Records what is observed now; false once it has stayed the same for the bound.</summary>
    public bool Moving(string observed)
    {
        if (!string.Equals(observed, _last, StringComparison.Ordinal))
        {
            (_last, _still) = (observed, Stopwatch.StartNew());
        }

        return _still.Elapsed < bound;
    }
}
