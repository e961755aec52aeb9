using Trig.Crm.Store.Tests.Contract;
using Trig.Crm.Testing.Stores;

namespace Trig.Crm.Store.Tests.Sqlite;

public sealed class SqliteStoreClusterTests : StoreClusterContract
{
    internal override async Task<IStoreUnderTest> NewStoreAsync() => await TempStore.CreateAsync();
}
