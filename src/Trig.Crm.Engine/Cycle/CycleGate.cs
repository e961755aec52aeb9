using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
using Trig.Crm.Engine.Cluster;
using Trig.Crm.Store;

namespace Trig.Crm.Engine.Cycle;

/// <summary>
/// One cycle at a time on a store. In this process the full cycle and the fast path take turns (they read and
/// commit the same memberships); across processes (<c>trig run</c> and a <c>sync --once</c>, or two of them) the
/// store's cycle lease does the same, so a second cycle waits for the first instead of colliding with it on the
/// transitions' unique key. The lease expires, so a killed process holds the next cycle back for at most
/// <see cref="LeaseTime"/>; a holder renews it while its cycle runs.
/// </summary>
internal sealed class CycleGate(ITrigStore store, IOptions<ClusterOptions> options, TimeProvider time, ILogger<CycleGate> logger)
{
    /// <summary>How long a lease lasts unless renewed (renewed every third of it), by default (<c>Trig:Cluster:CycleLeaseSeconds</c>).</summary>
    public static readonly TimeSpan LeaseTime = TimeSpan.FromSeconds(new ClusterOptions().CycleLeaseSeconds);

    private readonly TimeSpan _lease = TimeSpan.FromSeconds(options.Value.CycleLeaseSeconds);

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    private readonly SemaphoreSlim _gate = new(1, 1);

    private readonly string _owner = string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName} process {Environment.ProcessId} ({Guid.NewGuid().ToString("N")[..8]})");

    /// <summary>How long to wait for another process's cycle before giving up with one line. Default: one lease.</summary>
    internal TimeSpan MaxWait { get; set; } = TimeSpan.FromSeconds(options.Value.CycleLeaseSeconds);

    public async Task<Turn> EnterAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            await TakeLeaseAsync(ct);
        }
        catch
        {
            _gate.Release();
            throw;
        }

        var renew = time.CreateTimer(_ => _ = RenewAsync(), null, _lease / 3, _lease / 3);
        return new Turn(this, renew);
    }

    /// <summary>
    /// Enters only if the gate is free in this process and the store's cycle lease is free or expired; null otherwise.
    /// A shard helper uses it to find out whether the node that opened a cycle is still running it.
    /// </summary>
    public Task<Turn?> TryEnterAsync(CancellationToken ct) => TryEnterAsync(waitInProcess: false, ct);

    /// <summary>
    /// Takes this process's turn (waiting for it, as <see cref="EnterAsync"/> does), but not another node's: null at
    /// once when another process holds the store's cycle lease. The fast path uses it, so an idle node skips a tick
    /// while another node runs a cycle instead of waiting out the lease and failing.
    /// </summary>
    public Task<Turn?> EnterUnlessHeldElsewhereAsync(CancellationToken ct) => TryEnterAsync(waitInProcess: true, ct);

    private async Task<Turn?> TryEnterAsync(bool waitInProcess, CancellationToken ct)
    {
        if (waitInProcess)
        {
            await _gate.WaitAsync(ct);
        }
        else if (!await _gate.WaitAsync(0, ct))
        {
            return null;
        }

        try
        {
            var now = time.GetUtcNow();
            if (await store.TryTakeCycleLeaseAsync(_owner, now, now + _lease, ct) is not null)
            {
                _gate.Release();
                return null;
            }
        }
        catch
        {
            _gate.Release();
            throw;
        }

        var renew = time.CreateTimer(_ => _ = RenewAsync(), null, _lease / 3, _lease / 3);
        return new Turn(this, renew);
    }

    private async Task TakeLeaseAsync(CancellationToken ct)
    {
        // Waiting is measured on the real clock: it is how long this process sits idle, not lifecycle time.
        var waited = Stopwatch.StartNew();
        var logged = false;
        while (true)
        {
            var now = time.GetUtcNow();
            if (await store.TryTakeCycleLeaseAsync(_owner, now, now + _lease, ct) is not { } holder)
            {
                return;
            }

            if (waited.Elapsed >= MaxWait)
            {
                throw new CycleRefusedException($"a cycle is already running on this store ({holder}); waited {MaxWait.TotalSeconds:0} s, try again when it has finished");
            }

            if (!logged)
            {
                logged = true;
                logger.LogInformation("Waiting for the cycle running on this store ({Holder})", holder);
            }

            await Task.Delay(Poll, ct);
        }
    }

    private async Task RenewAsync()
    {
        try
        {
            var now = time.GetUtcNow();
            await store.TryTakeCycleLeaseAsync(_owner, now, now + _lease, CancellationToken.None);
        }
        catch (Exception ex)
        {
            // A failed renewal only shortens the lease; the cycle itself decides whether the store still works.
            logger.LogWarning(ex, "Renewing the cycle lease failed");
        }
    }

    private async Task LeaveAsync(ITimer renew)
    {
        await renew.DisposeAsync();
        try
        {
            await store.ReleaseCycleLeaseAsync(_owner, CancellationToken.None);
        }
        catch (Exception ex)
        {
            // The lease then lapses on its own after LeaseTime.
            logger.LogWarning(ex, "Releasing the cycle lease failed");
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Gives the lease back and releases the gate when disposed.</summary>
    internal sealed class Turn(CycleGate gate, ITimer renew) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => new(gate.LeaveAsync(renew));
    }
}
