using Npgsql;
using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Store;
using Trig.Crm.Store.Postgres;
using Trig.Crm.Testing.Prerequisites;
using Trig.Crm.Testing.Processes;
using Trig.Crm.Testing.Stores;

namespace Trig.Crm.Worker.Tests.Cli;

/// <summary><c>trig migrate</c> and <c>trig store copy</c> on a PostgreSQL server started for the class.</summary>
public sealed class StoreCommandTests : IAsyncLifetime
{
    private PostgresServer _pg = null!;
    private TempStore _sqlite = null!;

    public async Task InitializeAsync()
    {
        _pg = await PostgresServer.StartAsync();
        _sqlite = new TempStore("copy");
    }

    public async Task DisposeAsync()
    {
        _sqlite.Dispose();
        await _pg.DisposeAsync();
    }

    private async Task<string> NewDatabaseAsync(string name)
    {
        await using var c = new NpgsqlConnection(_pg.ConnectionString());
        await c.OpenAsync();
        await new NpgsqlCommand($"CREATE DATABASE {name}", c).ExecuteNonQueryAsync();
        return _pg.ConnectionString(name);
    }

    private static string[] OnPostgres(string connectionString) => ["--Trig:Store:Provider=postgres", $"--Trig:Store:ConnectionString={connectionString}"];

    [PostgresFact]
    public async Task Migrate_AppliesEveryVersionAndExits_ASecondRunChangesNothing()
    {
        var cs = await NewDatabaseAsync("migrated");

        var first = await TrigProcess.RunAsync(_sqlite.Directory, ["migrate", .. OnPostgres(cs)]);
        var second = await TrigProcess.RunAsync(_sqlite.Directory, ["migrate", .. OnPostgres(cs)]);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("postgres schema is up to date", first.Stdout, StringComparison.Ordinal);
        await using var store = new PostgresStore(cs);
        Assert.Equal(PostgresMigrations.All.Select(m => m.Version), await store.AppliedMigrationsAsync(default));
        Assert.False(File.Exists(_sqlite.DbPath)); // the configured provider was used, not the SQLite default
    }

    [PostgresFact]
    public async Task Copy_DemoStore_MatchesPerTable_AndACycleOnEachGivesTheSameMemberships()
    {
        var demo = await TrigProcess.RunAsync(_sqlite.Directory, ["demo", "--organisations", "25", _sqlite.Arg]);
        Assert.True(demo.ExitCode == 0, demo.ToString());
        var cs = await NewDatabaseAsync("copied");

        var copy = await TrigProcess.RunAsync(_sqlite.Directory, ["store", "copy", "--to", cs, _sqlite.Arg]);

        Assert.True(copy.ExitCode == 0, copy.ToString());
        Assert.Contains("every count and checksum matches", copy.Stdout, StringComparison.Ordinal);
        Assert.Contains("transitions", copy.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(" NO", copy.Stdout, StringComparison.Ordinal);

        var asOf = (await _sqlite.Store.GetLastCycleAsync(default))!.Value.AddHours(1).ToString("O");
        var onSqlite = await TrigProcess.RunAsync(_sqlite.Directory, ["sync", "--once", "--as-of", asOf, _sqlite.Arg]);
        var onPostgres = await TrigProcess.RunAsync(_sqlite.Directory, ["sync", "--once", "--as-of", asOf, .. OnPostgres(cs)]);
        Assert.True(onSqlite.ExitCode == 0, onSqlite.ToString());
        Assert.True(onPostgres.ExitCode == 0, onPostgres.ToString());

        await using var pg = new PostgresStore(cs);
        var expected = await MembershipsAsync(_sqlite.Reopen());
        Assert.NotEmpty(expected);
        Assert.Equal(expected, await MembershipsAsync(pg));
    }

    [PostgresFact]
    public async Task Copy_IntoADatabaseThatHoldsData_RefusesInOneLine_AndWritesNothing()
    {
        var cs = await NewDatabaseAsync("busy");
        await using (var target = new PostgresStore(cs))
        {
            await target.MigrateAsync(default);
            await target.SetCheckpointAsync("keep", "me", default);
        }

        await _sqlite.Store.MigrateAsync(default);
        await _sqlite.Store.SetCheckpointAsync("other", "x", default);
        var copy = await TrigProcess.RunAsync(_sqlite.Directory, ["store", "copy", "--to", cs, _sqlite.Arg]);

        Assert.Equal(1, copy.ExitCode);
        Assert.Equal("error: the target database already holds rows in 'checkpoints': copy into an empty database", copy.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last());
        await using var after = new PostgresStore(cs);
        Assert.Null(await after.GetCheckpointAsync("other", default));
    }

    private static async Task<List<string>> MembershipsAsync(ITrigStore store) =>
        [.. (await store.LoadUnitsAsync(null, null, default))
            .SelectMany(u => u.Entities)
            .SelectMany(e => e.Memberships.Values.Select(m => $"{e.Kind}:{e.Id}:{m.Key}:{m.Status}:{m.Entries}:{m.EnteredAt:O}:{m.LastCompleted:O}:{m.LastExited:O}"))
            .Order(StringComparer.Ordinal)];
}
