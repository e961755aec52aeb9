using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Trig.Crm.Engine.Cycle;
using Trig.Crm.Store;
using Trig.Crm.Testing.Processes;
using Trig.Crm.Worker.Hosting;

namespace Trig.Crm.Worker.Tests.Cli;

/// <summary>
/// An <c>--as-of</c> more than a day ahead of the clock (a 2062-for-2026 typo) is refused unless <c>--force</c> is
/// given: the cycle would commit transitions dated in the future, after which the store refuses every real time.
/// </summary>
public sealed class SyncAsOfTests : IDisposable
{
    private const string Definitions = """
        schema:
          organisation: { plan: string, seats: number }
        behaviours:
          - key: big_account
            audience: [ seats >= 10 ]
            completion: [ plan = Enterprise ]
        """;

    private static readonly DateTimeOffset Now = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    private readonly string _dir = Directory.CreateTempSubdirectory("trig-asof-").FullName;

    public SyncAsOfTests()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "lifecycle"));
        File.WriteAllText(Path.Combine(_dir, "lifecycle", "defs.yaml"), Definitions);
        File.WriteAllText(Path.Combine(_dir, "orgs.csv"), "id,name,plan,seats\nacme,Acme,Starter,20\n");
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private IHost Host(FakeTimeProvider time) => TrigHost.BuildCli(
        [$"--Trig:Store:ConnectionString=Data Source={Path.Combine(_dir, "trig.db")}", $"--Trig:Definitions:Path={Path.Combine(_dir, "lifecycle")}"],
        b => b.Services.AddSingleton<TimeProvider>(time));

    [Theory]
    [InlineData(25, false, true)]
    [InlineData(24 * 365 * 36, false, true)]
    [InlineData(23, false, false)]
    [InlineData(24 * 365 * 36, true, false)]
    public async Task FullCycle_AsOfAheadOfTheFakeClock_RefusedBeyondOneDayUnlessForced(int hoursAhead, bool force, bool refused)
    {
        var time = new FakeTimeProvider(Now);
        using var host = Host(time);
        var store = host.Services.GetRequiredService<ITrigStore>();
        await store.MigrateAsync(default);
        var request = new FullCycleRequest(AsOf: Now.AddHours(hoursAhead), Pull: false, Push: false, Metrics: false, Force: force);

        var ex = await Record.ExceptionAsync(() => host.Services.GetRequiredService<FullCycle>().RunAsync(request, default));

        Assert.Equal(refused, ex is CycleRefusedException);
        if (refused)
        {
            Assert.Contains("more than 1 day ahead of the clock (2026-11-30T09:00:00.000Z)", ex!.Message, StringComparison.Ordinal);
            Assert.Null(await store.GetLastCycleAsync(default));
        }
        else
        {
            Assert.Null(ex);
            Assert.Equal(Now.AddHours(hoursAhead), await store.GetLastCycleAsync(default));
        }
    }

    [Fact]
    public async Task Preview_AsOfFarAhead_RefusedUnlessForced()
    {
        var time = new FakeTimeProvider(Now);
        using var host = Host(time);
        await host.Services.GetRequiredService<ITrigStore>().MigrateAsync(default);
        var preview = host.Services.GetRequiredService<CyclePreview>();

        await Assert.ThrowsAsync<CycleRefusedException>(() => preview.PreviewAsync(Now.AddDays(2), false, default));
        Assert.Equal(Now.AddDays(2), (await preview.PreviewAsync(Now.AddDays(2), true, default)).At);
    }

    [Fact]
    public async Task SyncOnce_AsOf2062_ExitsOneWithOneLineAndCommitsNothing_ForceRunsIt()
    {
        Assert.Equal(0, (await TrigProcess.RunAsync(_dir, "import", "--organisations", "orgs.csv")).ExitCode);
        var asOf = DateTimeOffset.UtcNow.AddYears(36).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);

        var r = await TrigProcess.RunAsync(_dir, "sync", "--once", "--as-of", asOf);

        Assert.Equal(1, r.ExitCode);
        var error = Assert.Single(r.Stderr.Split('\n'), l => l.StartsWith("error: ", StringComparison.Ordinal));
        Assert.Contains("is more than 1 day ahead of the clock", error, StringComparison.Ordinal);
        Assert.Contains("--force", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", r.Stderr, StringComparison.Ordinal);
        Assert.Equal(0L, CountTransitions());

        var preview = await TrigProcess.RunAsync(_dir, "preview", "big_account", "--as-of", asOf);
        Assert.Equal(1, preview.ExitCode);
        Assert.Contains("ahead of the clock", preview.Stderr, StringComparison.Ordinal);

        var forced = await TrigProcess.RunAsync(_dir, "sync", "--once", "--as-of", asOf, "--force");
        Assert.True(forced.ExitCode == 0, forced.ToString());
        Assert.Equal(1L, CountTransitions());
    }

    private long CountTransitions()
    {
        using var c = new SqliteConnection($"Data Source={Path.Combine(_dir, "trig.db")};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM transitions";
        return (long)cmd.ExecuteScalar()!;
    }
}
