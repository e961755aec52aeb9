using Trig.Crm.Store.Tests.Contract;
using Trig.Crm.Testing.Stores;

namespace Trig.Crm.Store.Tests.Sqlite;

public sealed class SqliteClusterStatusTests : ClusterStatusContract
{
    internal override async Task<IStoreUnderTest> NewStoreAsync() => await TempStore.CreateAsync();
}
