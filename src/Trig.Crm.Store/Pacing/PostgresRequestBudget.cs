using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Store.Postgres;

namespace Trig.Crm.Store.Pacing;

/// <summary>
/// The shared request budget in PostgreSQL: one <c>INSERT … ON CONFLICT … RETURNING</c>, so concurrent nodes queue
/// on the row lock and each sees the count the previous one left.
/// </summary>
internal sealed class PostgresRequestBudget(PostgresStore store) : ICrmRequestBudget
{
    // The SET expressions all read the row as it was: a later window starts over, the current one grants what is
    // left, and an earlier one (a node whose clock lags) gets nothing.
    private const string Take = """
        INSERT INTO crm_request_budget AS b (provider, policy, window_start, used, granted)
        VALUES (@provider, @policy, @window, LEAST(@wanted, @budget), LEAST(@wanted, @budget))
        ON CONFLICT (provider, policy) DO UPDATE SET
            granted = CASE
                WHEN EXCLUDED.window_start > b.window_start THEN EXCLUDED.used
                WHEN EXCLUDED.window_start = b.window_start THEN GREATEST(0, LEAST(@wanted, @budget - b.used))
                ELSE 0 END,
            used = CASE
                WHEN EXCLUDED.window_start > b.window_start THEN EXCLUDED.used
                WHEN EXCLUDED.window_start = b.window_start THEN GREATEST(b.used, LEAST(@budget, b.used + @wanted))
                ELSE b.used END,
            window_start = GREATEST(b.window_start, EXCLUDED.window_start)
        RETURNING granted
        """;

    public async ValueTask<int> TakeAsync(string provider, string policy, long windowStart, int windowBudget, int wanted, CancellationToken cancellationToken)
    {
        await using var c = await store.OpenAsync(cancellationToken);
        using var q = PostgresStore.Cmd(c, null, Take,
            ("provider", provider), ("policy", policy), ("window", windowStart), ("budget", windowBudget), ("wanted", wanted));
        return Convert.ToInt32(await q.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }
}
