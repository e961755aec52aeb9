using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Trig.Crm.Store.Sqlite;

namespace Trig.Crm.Store.Tests;

/// <summary>A real SQLite file in a temp folder, migrated, deleted at the end.</summary>
internal sealed class TempStore : IAsyncDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("trig-store-").FullName;

    public TempStore()
    {
        Clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero));
        ConnectionString = $"Data Source={Path.Combine(_dir, "trig.db")}";
        Store = new SqliteStore(ConnectionString, Clock);
    }

    public FakeTimeProvider Clock { get; }

    public string ConnectionString { get; }

    public SqliteStore Store { get; }

    /// <summary>A second store object on the same file: what a restarted process would see.</summary>
    public SqliteStore Reopen() => new(ConnectionString, Clock);

    public static async Task<TempStore> CreateAsync()
    {
        var s = new TempStore();
        await s.Store.MigrateAsync(CancellationToken.None);
        return s;
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }

        return ValueTask.CompletedTask;
    }
}
