using System.Data.Common;
using Trig.Crm.Lifecycle.Evaluation;
using static Trig.Crm.Store.StoreSql;

namespace Trig.Crm.Store.Evaluation;

/// <summary>The definitions' runtime state, the pause switch, the kept benchmarks and the last cycle's time, with one SQL for both stores.</summary>
/// <remarks>The multi-row writes (definitions, benchmarks) stay with each store: arrays on PostgreSQL, a row at a time on SQLite.</remarks>
internal static class EvaluationRows
{
    /// <summary>The checkpoint that holds the last full cycle's time (UTC Unix milliseconds).</summary>
    public const string LastCycleKey = "cycle:last";

    public static async Task<Dictionary<string, DefinitionRuntime>> DefinitionRuntimeAsync(Func<string, DbCommand> command, CancellationToken ct)
    {
        using var q = command("SELECT key, live_at, paused_by_admin FROM definitions");
        await using var r = await q.ExecuteReaderAsync(ct);
        var result = new Dictionary<string, DefinitionRuntime>(StringComparer.Ordinal);
        while (await r.ReadAsync(ct))
        {
            result[r.GetString(0)] = new DefinitionRuntime(At(r.GetInt64(1)), r.GetInt32(2) != 0);
        }

        return result;
    }

    private const string SetPausedSql =
        "INSERT INTO definitions (key, live_at, version, paused_by_admin, updated_at) VALUES (@k, @now, '', @p, @now) ON CONFLICT (key) DO UPDATE SET paused_by_admin = @p, updated_at = @now";

    /// <summary>Sets the admin's pause flag, creating the definition's row if it has none yet (the audit is the store's).</summary>
    public static async Task SetPausedAsync(Func<string, DbCommand> command, string key, bool paused, DateTimeOffset now, CancellationToken ct)
    {
        using var u = command(SetPausedSql).With("k", key).With("p", paused ? 1 : 0).With("now", now.ToUnixTimeMilliseconds());
        await u.ExecuteNonQueryAsync(ct);
    }

    public static async Task<Dictionary<(string Stage, string Objective), Benchmark>> LoadBenchmarksAsync(Func<string, DbCommand> command, CancellationToken ct)
    {
        using var q = command("SELECT stage_key, objective_key, mean_seconds, completions FROM benchmarks");
        await using var r = await q.ExecuteReaderAsync(ct);
        var result = new Dictionary<(string, string), Benchmark>();
        while (await r.ReadAsync(ct))
        {
            result[(r.GetString(0), r.GetString(1))] = new Benchmark(r.GetString(0), r.GetString(1), TimeSpan.FromSeconds(r.GetDouble(2)), r.GetInt32(3));
        }

        return result;
    }

    /// <summary>Keeps the last full cycle's time, inside the caller's transaction.</summary>
    public static async Task SetLastCycleAsync(Func<string, DbCommand> command, DateTimeOffset at, CancellationToken ct)
    {
        using var cp = command("INSERT INTO checkpoints (key, value) VALUES ('cycle:last', @v) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
            .With("v", at.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        await cp.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The last cycle's time from its checkpoint's value (null: none yet).</summary>
    public static DateTimeOffset? LastCycle(string? value) => value is null ? null : At(long.Parse(value, System.Globalization.CultureInfo.InvariantCulture));
}
