using Trig.Crm.Store.Tests.Contract;
using Trig.Crm.Testing.Stores;

namespace Trig.Crm.Store.Tests.Postgres;

[Collection(PostgresCollection.Name)]
[RequiresPostgres]
public sealed class PostgresStoreSettledTests(SharedPostgres postgres) : StoreSettledContract
{
    internal override async Task<IStoreUnderTest> NewStoreAsync() => await postgres.NewStoreAsync();
}
