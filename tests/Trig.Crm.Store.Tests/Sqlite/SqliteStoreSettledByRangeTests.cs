using Trig.Crm.Store.Tests.Contract;
using Trig.Crm.Testing.Stores;

namespace Trig.Crm.Store.Tests.Sqlite;

/// <summary>
/// The settled-unit contract with only-due shards read by their id range, as a cycle with many due units reads them
/// (the other SQLite run, with few due units, reads them through the indexes).
/// </summary>
public sealed class SqliteStoreSettledByRangeTests : StoreSettledContract
{
    internal override async Task<IStoreUnderTest> NewStoreAsync()
    {
        var t = await TempStore.CreateAsync();
        t.Store.SparseShards = 0;
        return t;
    }
}
