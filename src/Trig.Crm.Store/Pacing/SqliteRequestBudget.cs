using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Store.Sqlite;

namespace Trig.Crm.Store.Pacing;

/// <summary>
/// The shared request budget in SQLite: one upsert, which SQLite runs in its own write transaction (the database's
/// single writer makes it atomic across processes on the same file).
/// </summary>
internal sealed class SqliteRequestBudget(SqliteStore store) : ICrmRequestBudget
{
    // The SET expressions all read the row as it was: a later window starts over, the current one grants what is
    // left, and an earlier one (a node whose clock lags) gets nothing.
    private const string Take = """
        INSERT INTO crm_request_budget (provider, policy, window_start, used, granted)
        VALUES ($provider, $policy, $window, MIN($wanted, $budget), MIN($wanted, $budget))
        ON CONFLICT (provider, policy) DO UPDATE SET
            granted = CASE
                WHEN excluded.window_start > crm_request_budget.window_start THEN excluded.used
                WHEN excluded.window_start = crm_request_budget.window_start THEN MAX(0, MIN($wanted, $budget - crm_request_budget.used))
                ELSE 0 END,
            used = CASE
                WHEN excluded.window_start > crm_request_budget.window_start THEN excluded.used
                WHEN excluded.window_start = crm_request_budget.window_start THEN MAX(crm_request_budget.used, MIN($budget, crm_request_budget.used + $wanted))
                ELSE crm_request_budget.used END,
            window_start = MAX(crm_request_budget.window_start, excluded.window_start)
        RETURNING granted
        """;

    public async ValueTask<int> TakeAsync(string provider, string policy, long windowStart, int windowBudget, int wanted, CancellationToken cancellationToken)
    {
        await using var c = await store.OpenAsync(cancellationToken);
        using var q = SqliteStore.Cmd(c, null, Take,
            ("$provider", provider), ("$policy", policy), ("$window", windowStart), ("$budget", windowBudget), ("$wanted", wanted));
        return Convert.ToInt32(await q.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }
}
