using Microsoft.Extensions.Time.Testing;
using Trig.Crm.Store;

namespace Trig.Crm.Testing.Stores;

/// <summary>
/// A fresh, migrated store of either provider for one test: what the store contract tests run against
/// (<see cref="TempStore"/> for SQLite, <see cref="PostgresTempStore"/> for PostgreSQL).
/// </summary>
internal interface IStoreUnderTest : IAsyncDisposable
{
    ITrigStore Store { get; }

    FakeTimeProvider Clock { get; }

    /// <summary>A second store object on the same data: what a restarted process (or another node) would see.</summary>
    ITrigStore Open();

    /// <summary>Runs raw SQL on the store's database (for a test that must reach under the store, e.g. to replay a migration step).</summary>
    Task ExecuteAsync(string sql);

    /// <summary>Makes <see cref="Store"/>'s commits call <paramref name="injector"/> per row (null: stop); throwing aborts the commit.</summary>
    void InjectCommitFault(Action<int>? injector);

    /// <summary>Makes <see cref="Store"/>'s imports call <paramref name="injector"/> after each chunk (null: stop); throwing aborts the import.</summary>
    void InjectImportFault(Action<int>? injector);

    /// <summary>Makes <see cref="Store"/>'s webhook deliveries call <paramref name="injector"/> once the ids are written (null: stop); throwing aborts the delivery.</summary>
    void InjectDeliveryFault(Action? injector);
}
