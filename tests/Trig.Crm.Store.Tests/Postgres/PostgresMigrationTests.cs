using Npgsql;
using Trig.Crm.Store.Postgres;
using Trig.Crm.Store.Tests.Contract;
using Trig.Crm.Testing.Stores;

namespace Trig.Crm.Store.Tests.Postgres;

/// <summary>Migrations on a database several processes share.</summary>
[Collection(PostgresCollection.Name)]
[RequiresPostgres]
public sealed class PostgresMigrationTests(SharedPostgres postgres)
{
    [StoreFact]
    public async Task Migrate_FourProcessesStartingTogether_ApplyEachVersionOnce()
    {
        await using var t = await PostgresTempStore.CreateEmptyAsync(await postgres.ServerAsync());
        var stores = Enumerable.Range(0, 4).Select(_ => new PostgresStore(t.ConnectionString)).ToList();

        await Task.WhenAll(stores.Select(s => Task.Run(() => s.MigrateAsync(default))));

        Assert.Equal(PostgresMigrations.All.Select(m => m.Version), await t.Store.AppliedMigrationsAsync(default));
        await using var c = new NpgsqlConnection(t.ConnectionString);
        await c.OpenAsync();
        Assert.Equal(PostgresMigrations.All.Length, (long)(await new NpgsqlCommand("SELECT COUNT(*) FROM schema_migrations", c).ExecuteScalarAsync())!);
        Assert.True(await t.Store.PingAsync(default));
        foreach (var s in stores)
        {
            await s.DisposeAsync();
        }
    }

    [StoreFact]
    public async Task Migrate_BeforeAnyVersion_PingIsFalse_AndNoVersionIsListed()
    {
        await using var t = await PostgresTempStore.CreateEmptyAsync(await postgres.ServerAsync());

        Assert.Empty(await t.Store.AppliedMigrationsAsync(default));
        Assert.False(await t.Store.PingAsync(default));
    }

    [Fact]
    public void Versions_AreTheSqliteStoresVersions()
    {
        Assert.Equal(Store.Sqlite.SqliteMigrations.All.Select(m => m.Version), PostgresMigrations.All.Select(m => m.Version));
    }

    [StoreFact]
    public async Task Reset_EmptiesEveryDataTable_AndKeepsTheSchema_AndTheAuthoredSet()
    {
        await using var t = await PostgresTempStore.CreateAsync(await postgres.ServerAsync());
        await t.Store.SetCheckpointAsync("k", "v", default);
        var at = t.Clock.GetUtcNow();
        await t.Store.RecordRunAsync(new Runs.CycleRun(0, "full", at, TimeSpan.FromSeconds(1), Runs.CycleRun.Ok, null, 0, 0, 0, 0), ["d"], default);
        await t.Store.PublishAsync(new Authoring.AuthoredChange("api-key", at, "definitions.apply", "s", [new Authoring.AuthoredEdit("a", "cohorts", "A1", "")]), 0, default);
        await t.Store.EnqueueRefreshAsync([new Lifecycle.Ports.CrmRecordRef(Lifecycle.Model.EntityKind.Person, "p1")], t.Clock.GetUtcNow(), default);

        await t.Store.ResetAsync(default);

        Assert.Null(await t.Store.GetCheckpointAsync("k", default));
        Assert.Empty(await t.Store.TakeRefreshAsync(10, default));
        Assert.Empty(await t.Store.RecentRunsAsync(10, default));
        Assert.Empty(await t.Store.FreshnessAsync(default));
        Assert.Equal(1, await t.Store.AuthoredSetVersionAsync(default));
        Assert.Equal(PostgresMigrations.All.Select(m => m.Version), await t.Store.AppliedMigrationsAsync(default));
    }
}
