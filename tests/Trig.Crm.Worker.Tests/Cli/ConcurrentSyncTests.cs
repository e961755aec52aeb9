using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Trig.Crm.Engine.Cycle;
using Trig.Crm.Store;
using Trig.Crm.Testing;
using Trig.Crm.Testing.Stores;
using Trig.Crm.Worker.Hosting;

namespace Trig.Crm.Worker.Tests.Cli;

/// <summary>
/// Two hosts on one store file, as two <c>trig sync --once</c> processes would be: the second waits for the
/// first's cycle, says in one line that a cycle is already running when the first takes too long, and is not
/// blocked for ever by a first that was killed holding the lease.
/// </summary>
public sealed class ConcurrentSyncTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    private readonly TempStore _store = new("concurrent-sync");
    private readonly string _definitions;

    public ConcurrentSyncTests() => _definitions = FixtureLifecycle.WriteTo(_store.Directory);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _store.Dispose();
    }

    private async Task<IHost> HostAsync(FakeTimeProvider time)
    {
        var host = TrigHost.BuildCli([_store.Arg, $"--Trig:Definitions:Path={_definitions}"], b => b.Services.AddSingleton<TimeProvider>(time));
        await host.Services.GetRequiredService<ITrigStore>().MigrateAsync(default);
        return host;
    }

    private static Task<CycleReport> CycleAsync(IHost host) =>
        host.Services.GetRequiredService<FullCycle>().RunAsync(new FullCycleRequest(Pull: false, Push: false, Metrics: false), default);

    [Fact]
    public async Task SecondCycle_FirstStillRunningPastTheWait_RefusedWithOneLine()
    {
        using var first = await HostAsync(new FakeTimeProvider(Now));
        using var second = await HostAsync(new FakeTimeProvider(Now));
        second.Services.GetRequiredService<CycleGate>().MaxWait = TimeSpan.FromMilliseconds(600);

        await using (await first.Services.GetRequiredService<CycleGate>().EnterAsync(default))
        {
            var ex = await Assert.ThrowsAsync<CycleRefusedException>(() => CycleAsync(second));

            Assert.StartsWith("a cycle is already running on this store (held by ", ex.Message, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', ex.Message);
            Assert.Null(await second.Services.GetRequiredService<ITrigStore>().GetLastCycleAsync(default));
        }

        await CycleAsync(second);
        Assert.Equal(Now, await second.Services.GetRequiredService<ITrigStore>().GetLastCycleAsync(default));
    }

    [Fact]
    public async Task SecondCycle_WaitsForTheFirstAndThenRuns()
    {
        using var first = await HostAsync(new FakeTimeProvider(Now));
        using var second = await HostAsync(new FakeTimeProvider(Now));
        var turn = await first.Services.GetRequiredService<CycleGate>().EnterAsync(default);

        var waiting = CycleAsync(second);
        await Task.Delay(700);
        Assert.False(waiting.IsCompleted);
        await turn.DisposeAsync();
        var report = await waiting.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(Now, report.At);
        Assert.Equal(Now, await second.Services.GetRequiredService<ITrigStore>().GetLastCycleAsync(default));
    }

    [Fact]
    public async Task SecondCycle_FirstKilledHoldingTheLease_RunsOnceTheLeaseHasLapsed()
    {
        // The killed process's clock stands still, so its renewal timer never fires again, as after kill -9.
        using var killed = await HostAsync(new FakeTimeProvider(Now));
        var clock = new FakeTimeProvider(Now);
        using var second = await HostAsync(clock);
        second.Services.GetRequiredService<CycleGate>().MaxWait = TimeSpan.FromMilliseconds(300);
        _ = await killed.Services.GetRequiredService<CycleGate>().EnterAsync(default); // never given back

        await Assert.ThrowsAsync<CycleRefusedException>(() => CycleAsync(second));
        clock.Advance(CycleGate.LeaseTime + TimeSpan.FromSeconds(1));
        var report = await CycleAsync(second);

        Assert.Equal(clock.GetUtcNow(), report.At);
    }
}
