using Trig.Crm.Testing.Stores;

namespace Trig.Crm.Store.Tests.Contract;

/// <summary>
/// A store behaviour every provider must have. Each contract is an abstract class of <see cref="StoreFactAttribute"/>
/// tests; a derived class per provider (in <c>Sqlite/</c> and <c>Postgres/</c>) hands it fresh stores.
/// </summary>
public abstract class StoreContract
{
    /// <summary>A fresh, migrated, empty store of the provider under test.</summary>
    internal abstract Task<IStoreUnderTest> NewStoreAsync();
}
