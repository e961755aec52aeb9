using Trig.Crm.Store.Tests.Contract;
using Trig.Crm.Testing.Stores;

namespace Trig.Crm.Store.Tests.Sqlite;

public sealed class SqliteStorePushJournalTests : StorePushJournalContract
{
    internal override async Task<IStoreUnderTest> NewStoreAsync() => await TempStore.CreateAsync();
}
