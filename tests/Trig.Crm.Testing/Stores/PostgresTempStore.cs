using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Trig.Crm.Store;
using Trig.Crm.Store.Postgres;
using Trig.Crm.Testing.Prerequisites;

namespace Trig.Crm.Testing.Stores;

/// <summary>
/// A fresh database on a shared test server (<see cref="SharedPostgres"/>), migrated, with a <see cref="PostgresStore"/>
/// on a <see cref="FakeTimeProvider"/>; dropped on dispose.
/// </summary>
internal sealed class PostgresTempStore : IStoreUnderTest
{
    private readonly PostgresServer _server;
    private readonly List<PostgresStore> _opened = [];

    private PostgresTempStore(PostgresServer server, string database)
    {
        _server = server;
        Database = database;
        Store = (PostgresStore)Open();
    }

    public string Database { get; }

    public string ConnectionString => _server.ConnectionString(Database);

    public PostgresStore Store { get; }

    public FakeTimeProvider Clock { get; } = new(TempStore.DefaultStart);

    ITrigStore IStoreUnderTest.Store => Store;

    /// <summary>An empty database (no schema yet).</summary>
    public static async Task<PostgresTempStore> CreateEmptyAsync(PostgresServer server)
    {
        var database = "trig_" + Guid.NewGuid().ToString("N")[..12];
        await using var c = new NpgsqlConnection(server.ConnectionString());
        await c.OpenAsync();
        await using (var cmd = new NpgsqlCommand($"CREATE DATABASE {database}", c))
        {
            await cmd.ExecuteNonQueryAsync();
        }

        return new PostgresTempStore(server, database);
    }

    /// <summary>A migrated store on a fresh database.</summary>
    public static async Task<PostgresTempStore> CreateAsync(PostgresServer server)
    {
        var s = await CreateEmptyAsync(server);
        await s.Store.MigrateAsync(CancellationToken.None);
        return s;
    }

    public ITrigStore Open()
    {
        var s = new PostgresStore(ConnectionString, Clock);
        _opened.Add(s);
        return s;
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var c = new NpgsqlConnection(ConnectionString);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, c);
        await cmd.ExecuteNonQueryAsync();
    }

    public void InjectCommitFault(Action<int>? injector) => Store.CommitFaultInjector = injector;

    public void InjectImportFault(Action<int>? injector) => Store.ImportFaultInjector = injector;

    public void InjectDeliveryFault(Action? injector) => Store.DeliveryFaultInjector = injector;

    public async ValueTask DisposeAsync()
    {
        foreach (var s in _opened)
        {
            await s.DisposeAsync();
        }

        await using var c = new NpgsqlConnection(_server.ConnectionString());
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Database} WITH (FORCE)", c);
        await cmd.ExecuteNonQueryAsync();
    }
}
