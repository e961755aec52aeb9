using Trig.Crm.Store.Health;
using Trig.Crm.Store.Tests.Contract;
using Trig.Crm.Testing.Stores;

namespace Trig.Crm.Store.Tests.Sqlite;

/// <summary>The run store contract on SQLite, and SQLITE_FULL recognised as "disk full".</summary>
public sealed class SqliteStoreRunsTests : RunStoreContract
{
    internal override async Task<IStoreUnderTest> NewStoreAsync() => await TempStore.CreateAsync();

    [Fact]
    public async Task MaxPageCountReached_IsRecognisedAsOutOfSpace()
    {
        await using var t = await TempStore.CreateAsync();
        await using var c = await t.Store.OpenAsync(default);
        using (var limit = c.CreateCommand())
        {
            // Cannot go below the current size: the file may not grow any more.
            limit.CommandText = "PRAGMA max_page_count = 1";
            await limit.ExecuteScalarAsync();
        }

        using var q = c.CreateCommand();
        q.CommandText = "CREATE TABLE filler (x BLOB); INSERT INTO filler VALUES (zeroblob(100000));";

        var ex = await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => q.ExecuteNonQueryAsync());
        Assert.True(StoreFaults.IsOutOfSpace(new InvalidOperationException("wrapped", ex)));
        Assert.False(StoreFaults.IsOutOfSpace(new InvalidOperationException("a bug")));
        var state = new StoreWriteState();
        Assert.True(state.RecordIfOutOfSpace(ex, t.Clock.GetUtcNow()));
        Assert.NotNull(state.Failure);
        state.RecordSuccess();
        Assert.Null(state.Failure);
    }
}
