using Trig.Crm.Store.Tests.Contract;
using Trig.Crm.Testing.Stores;

namespace Trig.Crm.Store.Tests.Postgres;

[Collection(PostgresCollection.Name)]
[RequiresPostgres]
public sealed class PostgresStoreCommitTests(SharedPostgres postgres) : StoreCommitContract
{
    internal override async Task<IStoreUnderTest> NewStoreAsync() => await postgres.NewStoreAsync();
}
