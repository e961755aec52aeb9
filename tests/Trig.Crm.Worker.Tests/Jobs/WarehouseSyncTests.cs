using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Trig.Crm.Engine.Definitions;
using Trig.Crm.Engine.Options;
using Trig.Crm.Ingest.Warehouse;
using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Store.Sqlite;
using Trig.Crm.Testing.Prerequisites;
using Trig.Crm.Worker.Hosting;
using Trig.Crm.Worker.Tests.Support;

namespace Trig.Crm.Worker.Tests.Jobs;

public sealed class WarehouseSyncTests : IAsyncLifetime
{
    private const string Schema = """
        schema:
          organisation:
            name: string
            seats: number
            external_code: string
          person:
            email: string
            logins: number
          events:
            - login
            - activated
        """;

    private PostgresServer _pg = null!;
    private string _dir = null!;
    private SqliteStore _store = null!;

    public async Task InitializeAsync()
    {
        _pg = await PostgresServer.StartAsync();
        await using (var c = new NpgsqlConnection(_pg.ConnectionString()))
        {
            await c.OpenAsync();
            await new NpgsqlCommand("CREATE DATABASE warehouse", c).ExecuteNonQueryAsync();
        }

        await using (var c = new NpgsqlConnection(_pg.ConnectionString("warehouse")))
        {
            await c.OpenAsync();
            await new NpgsqlCommand("""
                CREATE TABLE accounts (account_id text PRIMARY KEY, plan text, seats integer, arr numeric(12,2), active boolean,
                    renewal timestamptz, signed date, modules text[], external_code integer, note text);
                INSERT INTO accounts VALUES
                    ('o1', 'Premium', 25, 12000.50, true, '2026-09-01 12:00:00+00', '2025-01-15', ARRAY['crm','billing'], 42, NULL),
                    ('o2', 'Free', 3, 0, false, NULL, NULL, NULL, 7, 'trial');
                CREATE TABLE users (user_id text, logins bigint, last_seen timestamp);
                INSERT INTO users VALUES ('p1', 31, '2026-02-01 08:30:00');
                """, c).ExecuteNonQueryAsync();
        }

        _dir = IngestTestHost.NewDir();
        File.WriteAllText(Path.Combine(_dir, "lifecycle", "schema.yaml"), Schema);
        _store = new SqliteStore($"Data Source={Path.Combine(_dir, "trig.db")}");
        await _store.MigrateAsync(default);
        await _store.UpsertAsync([new CrmRecord(EntityKind.Organisation, "o1", null, new Dictionary<string, AttributeValue> { ["note"] = AttributeValue.Of("old") })], default);
        await _store.TakeDirtyAsync(default);
    }

    public async Task DisposeAsync()
    {
        await _pg.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private WarehouseSync Sync(params (string Name, WarehouseSourceOptions Source)[] sources)
    {
        var options = new TrigOptions();
        options.Definitions.Path = Path.Combine(_dir, "lifecycle");
        var catalog = new DefinitionCatalog(Microsoft.Extensions.Options.Options.Create(options), NullLogger<DefinitionCatalog>.Instance);
        var wh = new WarehouseOptions();
        foreach (var (name, s) in sources)
        {
            wh.Sources[name] = s;
        }

        return new WarehouseSync(_store, catalog, Microsoft.Extensions.Options.Options.Create(wh), NullLogger<WarehouseSync>.Instance);
    }

    [PostgresFact]
    public async Task Run_OrganisationQuery_WritesAttributesTypedBySchemaThenSqlType()
    {
        var sync = Sync(("accounts", new WarehouseSourceOptions
        {
            ConnectionString = _pg.ConnectionString("warehouse"),
            Query = "SELECT * FROM accounts ORDER BY account_id",
            Entity = "organisation",
            IdColumn = "account_id",
        }));

        var report = await sync.RunAsync("accounts", default);

        Assert.Equal(new WarehouseRunReport("accounts", 2, 2, 0), report);
        var o1 = (await _store.LoadEntityAsync(EntityKind.Organisation, "o1", default))!;
        Assert.Equal(AttributeValue.Of("Premium"), o1.Attributes["plan"]);
        Assert.Equal(AttributeValue.Of(25), o1.Attributes["seats"]);
        Assert.Equal(AttributeValue.Of(12000.5), o1.Attributes["arr"]);
        Assert.Equal(AttributeValue.Of(true), o1.Attributes["active"]);
        Assert.Equal(AttributeValue.Of(new DateTimeOffset(2026, 9, 1, 12, 0, 0, TimeSpan.Zero)), o1.Attributes["renewal"]);
        Assert.Equal(AttributeValue.Of(new DateTimeOffset(2025, 1, 15, 0, 0, 0, TimeSpan.Zero)), o1.Attributes["signed"]);
        Assert.Equal(AttributeValue.Of(["crm", "billing"]), o1.Attributes["modules"]);
        Assert.Equal(AttributeValue.Of("42"), o1.Attributes["external_code"]); // declared string: the integer is typed by the schema
        Assert.False(o1.Attributes.ContainsKey("note")); // NULL removes the attribute
        Assert.False(o1.Attributes.ContainsKey("account_id"));
        var o2 = (await _store.LoadEntityAsync(EntityKind.Organisation, "o2", default))!;
        Assert.Equal(AttributeValue.Of(false), o2.Attributes["active"]);
        Assert.Equal(AttributeValue.Of("trial"), o2.Attributes["note"]);

        var (dirty, _) = await _store.TakeDirtyAsync(default);
        Assert.Equal(["o1", "o2"], dirty.Order(StringComparer.Ordinal));
    }

    [PostgresFact]
    public async Task Run_PersonQueryWithColumnList_WritesOnlyThoseColumns()
    {
        await _store.UpsertAsync([new CrmRecord(EntityKind.Person, "p1", "o1", new Dictionary<string, AttributeValue>())], default);
        var sync = Sync(("users", new WarehouseSourceOptions
        {
            ConnectionString = _pg.ConnectionString("warehouse"),
            Query = "SELECT user_id, logins, last_seen FROM users",
            Entity = "person",
            IdColumn = "user_id",
            Columns = ["logins"],
        }));

        await sync.RunAsync("users", default);

        var p1 = (await _store.LoadEntityAsync(EntityKind.Person, "p1", default))!;
        Assert.Equal(AttributeValue.Of(31), p1.Attributes["logins"]);
        Assert.False(p1.Attributes.ContainsKey("last_seen"));
        Assert.Equal("o1", p1.OrganisationId); // the CRM link is kept
    }

    [PostgresFact]
    public async Task Run_QueryWithoutIdColumn_FailsNamingTheSetting()
    {
        var sync = Sync(("bad", new WarehouseSourceOptions { ConnectionString = _pg.ConnectionString("warehouse"), Query = "SELECT plan FROM accounts", IdColumn = "account_id" }));

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => sync.RunAsync("bad", default));

        Assert.Contains("IdColumn", ex.Message, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task Host_SourceWithCron_QuartzJobRunsTheQuery()
    {
        var app = TrigHost.BuildWeb(IngestTestHost.Args(_dir,
            "--Trig:Warehouse:Sources:accounts:ConnectionString=" + _pg.ConnectionString("warehouse"),
            "--Trig:Warehouse:Sources:accounts:Query=SELECT account_id, seats FROM accounts",
            "--Trig:Warehouse:Sources:accounts:IdColumn=account_id",
            "--Trig:Warehouse:Sources:accounts:Cron=0/1 * * * * ?"), b => b.WebHost.UseTestServer());
        await app.StartAsync();
        try
        {
            var store = app.Services.GetRequiredService<Store.ITrigStore>();
            var deadline = DateTime.UtcNow.AddSeconds(20);
            EntityState? o2 = null;
            while (DateTime.UtcNow < deadline && (o2 = await store.LoadEntityAsync(EntityKind.Organisation, "o2", default)) is null)
            {
                await Task.Delay(100);
            }

            Assert.NotNull(o2);
            Assert.Equal(AttributeValue.Of(3), o2!.Attributes["seats"]);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
