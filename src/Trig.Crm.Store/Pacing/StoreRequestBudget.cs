using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Store.Postgres;
using Trig.Crm.Store.Sqlite;

namespace Trig.Crm.Store.Pacing;

/// <summary>
/// The cluster-wide CRM request budget kept in the store (table <c>crm_request_budget</c>), whichever provider it is.
/// A read-only store keeps none: it grants what is asked, and the process paces alone with its connector's own limiter.
/// </summary>
public sealed class StoreRequestBudget(ITrigStore store) : ICrmRequestBudget
{
    private readonly ICrmRequestBudget? _inner = store switch
    {
        { IsReadOnly: true } => null,
        SqliteStore sqlite => new SqliteRequestBudget(sqlite),
        PostgresStore postgres => new PostgresRequestBudget(postgres),
        _ => null,
    };

    public ValueTask<int> TakeAsync(string provider, string policy, long windowStart, int windowBudget, int wanted, CancellationToken cancellationToken) =>
        _inner?.TakeAsync(provider, policy, windowStart, windowBudget, wanted, cancellationToken) ?? ValueTask.FromResult(wanted);
}
