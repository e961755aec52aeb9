using Trig.Crm.Testing.Stores;

namespace Trig.Crm.Store.Tests.Postgres;

/// <summary>The PostgreSQL contract classes share one server for the run; each test takes its own database.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<SharedPostgres>
{
    public const string Name = "postgres";
}
