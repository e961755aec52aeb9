using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Store;

namespace Trig.Crm.Engine.Cycle;

/// <summary>A cycle request that cannot be honoured (e.g. <c>--as-of</c> before the last cycle); its message is the one line shown.</summary>
public sealed class CycleRefusedException(string message) : Exception(message)
{
    /// <summary>Refuses an <c>--as-of</c> before the last committed cycle: evaluation cannot go back in time.</summary>
    internal static async Task ThrowIfBeforeLastCycleAsync(ITrigStore store, DateTimeOffset? asOf, CancellationToken ct)
    {
        if (asOf is { } a && await store.GetLastCycleAsync(ct) is { } last && a < last)
        {
            throw new CycleRefusedException($"--as-of {AttributeValue.FormatDateTime(a)} is before the last cycle ({AttributeValue.FormatDateTime(last)}); evaluation cannot go back in time");
        }
    }
}
