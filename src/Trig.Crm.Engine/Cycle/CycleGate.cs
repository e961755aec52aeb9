namespace Trig.Crm.Engine.Cycle;

/// <summary>
/// One cycle at a time in this process: the full cycle and the fast path read and commit the same memberships, so
/// they take turns.
/// </summary>
internal sealed class CycleGate
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<Turn> EnterAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        return new Turn(_gate);
    }

    /// <summary>Releases the gate when disposed.</summary>
    internal readonly struct Turn(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }
}
