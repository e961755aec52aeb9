using System.Data.Common;
using System.Globalization;
using static Trig.Crm.Store.StoreSql;

namespace Trig.Crm.Store.Runs;

/// <summary>
/// The run history and the cycle lease as both stores keep them, with the same SQL but where the dialects part:
/// the freshness upsert (an array on PostgreSQL, a row at a time on SQLite) and the lease's conditional upsert.
/// </summary>
internal static class RunRows
{
    /// <summary>The checkpoint row that holds the store-wide cycle lease, as <c>until-ms|owner</c>.</summary>
    public const string LeaseKey = "cycle:lease";

    private const string InsertSql = """
        INSERT INTO cycle_runs (kind, started_at, duration_ms, outcome, error, entities, transitions, actions_queued, properties_written)
        VALUES (@kind, @at, @ms, @outcome, @error, @entities, @transitions, @queued, @written) RETURNING id
        """;

    private const string RecentSql = """
        SELECT id, kind, started_at, duration_ms, outcome, error, entities, transitions, actions_queued, properties_written
        FROM cycle_runs ORDER BY started_at DESC, id DESC LIMIT @limit
        """;

    private const string OldestDueSql = "SELECT MIN(next_attempt_at) FROM outbox WHERE status IN ('pending', 'retry') AND next_attempt_at <= @now";

    /// <summary>Records the run; its id.</summary>
    public static async Task<long> InsertAsync(Func<string, DbCommand> command, CycleRun run, CancellationToken ct)
    {
        using var insert = command(InsertSql)
            .With("kind", run.Kind).With("at", run.StartedAt.ToUnixTimeMilliseconds()).With("ms", (long)run.Duration.TotalMilliseconds)
            .With("outcome", run.Outcome).With("error", run.Error).With("entities", run.EntitiesEvaluated).With("transitions", run.Transitions)
            .With("queued", run.ActionsQueued).With("written", run.PropertiesWritten);
        return (long)(await insert.ExecuteScalarAsync(ct))!;
    }

    public static async Task<IReadOnlyList<CycleRun>> RecentAsync(Func<string, DbCommand> command, int limit, CancellationToken ct)
    {
        using var q = command(RecentSql).With("limit", limit);
        return await ListAsync(q, r => new CycleRun(r.GetInt64(0), r.GetString(1), At(r.GetInt64(2)), TimeSpan.FromMilliseconds(r.GetInt64(3)), r.GetString(4),
            Str(r, 5), r.GetInt32(6), r.GetInt32(7), r.GetInt32(8), r.GetInt32(9)), ct);
    }

    public static async Task<IReadOnlyDictionary<string, DateTimeOffset>> FreshnessAsync(Func<string, DbCommand> command, CancellationToken ct)
    {
        using var q = command("SELECT key, evaluated_at FROM definition_freshness");
        await using var r = await q.ExecuteReaderAsync(ct);
        var d = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        while (await r.ReadAsync(ct))
        {
            d[r.GetString(0)] = At(r.GetInt64(1));
        }

        return d;
    }

    public static async Task<DateTimeOffset?> OldestDueActionAsync(Func<string, DbCommand> command, DateTimeOffset now, CancellationToken ct)
    {
        using var q = command(OldestDueSql).With("now", now.ToUnixTimeMilliseconds());
        return await q.ExecuteScalarAsync(ct) is long ms ? At(ms) : null;
    }

    /// <summary>The lease row's value for <paramref name="owner"/> holding it until <paramref name="until"/>.</summary>
    public static string LeaseValue(string owner, DateTimeOffset until) =>
        $"{until.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}|{owner}";

    /// <summary>Who holds the lease and until when, for the node that could not take it.</summary>
    public static async Task<string> LeaseHolderAsync(Func<string, DbCommand> command, CancellationToken ct)
    {
        var held = await Checkpoints.GetAsync(command, LeaseKey, ct) ?? "";
        var bar = held.IndexOf('|', StringComparison.Ordinal);
        var heldUntil = bar > 0 && long.TryParse(held[..bar], NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(Math.Clamp(ms, 0, DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)
            : "?";
        return $"held by {(bar >= 0 ? held[(bar + 1)..] : held)} until {heldUntil}";
    }
}
