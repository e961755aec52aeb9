using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Trig.Crm.Store.Sqlite;

namespace Trig.Crm.Testing.Stores;

/// <summary>
/// A real SQLite store file in a temp folder, deleted on dispose: opened in process (<see cref="Store"/>, on a
/// <see cref="FakeTimeProvider"/>) or handed to the worker (<see cref="Arg"/>).
/// </summary>
internal sealed class TempStore : IStoreUnderTest, IDisposable
{
    public static readonly DateTimeOffset DefaultStart = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly Lazy<SqliteStore> _store;

    public TempStore(string name = "store")
    {
        Directory = System.IO.Directory.CreateTempSubdirectory($"trig-{name}-").FullName;
        DbPath = Path.Combine(Directory, "trig.db");
        _store = new(Reopen);
    }

    public string Directory { get; }

    public string DbPath { get; }

    public string ConnectionString => $"Data Source={DbPath}";

    /// <summary>The config override that points the worker at this store.</summary>
    public string Arg => $"--Trig:Store:ConnectionString={ConnectionString}";

    public FakeTimeProvider Clock { get; } = new(DefaultStart);

    /// <summary>The store object of this file (created on first use).</summary>
    public SqliteStore Store => _store.Value;

    /// <summary>A migrated store on a fresh file.</summary>
    public static async Task<TempStore> CreateAsync(string name = "store")
    {
        var s = new TempStore(name);
        await s.Store.MigrateAsync(CancellationToken.None);
        return s;
    }

    /// <summary>A second store object on the same file: what a restarted process would see.</summary>
    public async Task ExecuteAsync(string sql)
    {
        await using var c = new Microsoft.Data.Sqlite.SqliteConnection(ConnectionString);
        await c.OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync();
    }

    public SqliteStore Reopen() => new(ConnectionString, Clock);

    Store.ITrigStore IStoreUnderTest.Store => Store;

    Store.ITrigStore IStoreUnderTest.Open() => Reopen();

    void IStoreUnderTest.InjectCommitFault(Action<int>? injector) => Store.CommitFaultInjector = injector;

    void IStoreUnderTest.InjectImportFault(Action<int>? injector) => Store.ImportFaultInjector = injector;

    void IStoreUnderTest.InjectDeliveryFault(Action? injector) => Store.DeliveryFaultInjector = injector;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A process still closing its handle; the temp folder is left for the OS.
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
