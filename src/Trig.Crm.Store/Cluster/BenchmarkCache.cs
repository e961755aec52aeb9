using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Trig.Crm.Lifecycle.Evaluation;

namespace Trig.Crm.Store.Cluster;

/// <summary>
/// The objective benchmarks are an aggregate over every organisation's stage and objective memberships: at a million
/// organisations a join over millions of rows, most of a steady cycle's opening. Those rows change only with an
/// entered, completed or exited transition of the stage or objective (the evaluator sets a membership's status, entry
/// and completion times only with one, and <c>transition_totals</c> counts it in the same commit), or when an
/// organisation is removed (counted in the checkpoint <see cref="RemovedKey"/> by the removal's transaction). Both
/// counters only grow, so while they read the same the aggregate is the same: its raw sums are kept with that
/// fingerprint in the checkpoint <see cref="CheckpointKey"/>, and an opening with the same fingerprint reuses them
/// (exactly: the benchmarks are built from the same sums either way) instead of running the join.
/// </summary>
internal static class BenchmarkCache
{
    /// <summary>The checkpoint holding the last aggregate and its fingerprint.</summary>
    public const string CheckpointKey = "benchmarks:aggregate";

    /// <summary>The checkpoint counting removals of organisations (whose memberships go with them).</summary>
    public const string RemovedKey = "memberships:removed";

    /// <summary>Counts one removal (the same SQL on SQLite and PostgreSQL), inside the removal's transaction.</summary>
    public const string CountRemovalSql = $"""
        INSERT INTO checkpoints (key, value) VALUES ('{RemovedKey}', '1')
        ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(checkpoints.value AS BIGINT) + 1 AS TEXT)
        """;

    /// <summary>What the fingerprint is made of (a few rows per definition, and the removal count).</summary>
    public const string FingerprintSql = $"""
        SELECT definition_key, transition, n FROM transition_totals
        UNION ALL SELECT '', -1, CAST(value AS BIGINT) FROM checkpoints WHERE key = '{RemovedKey}'
        """;

    /// <summary>One stage-objective pair's raw aggregate: milliseconds from stage entry to completion summed, completions.</summary>
    public sealed record Row(string Stage, string Objective, long SumMs, long Count);

    /// <summary>
    /// Reads the fingerprint of <paramref name="objectives"/>' aggregate and, when the kept aggregate was computed
    /// under it, the kept rows (else null), with <paramref name="command"/>: the store's command in the snapshot
    /// the aggregate will be read in, so the rows kept are never older than their fingerprint.
    /// </summary>
    public static async Task<(string Fingerprint, IReadOnlyList<Row>? Kept)> ReadAsync(
        Func<string, DbCommand> command, IReadOnlyCollection<(string Stage, string Objective)> objectives, CancellationToken ct)
    {
        var totals = new List<(string, int, long)>();
        using (var f = command(FingerprintSql))
        await using (var r = await f.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                totals.Add((r.GetString(0), r.GetInt32(1), r.GetInt64(2)));
            }
        }

        var fingerprint = Fingerprint(objectives, totals);
        using var k = command($"SELECT value FROM checkpoints WHERE key = '{CheckpointKey}'");
        return (fingerprint, TryRead(await k.ExecuteScalarAsync(ct) as string, fingerprint, out var kept) ? kept : null);
    }

    /// <summary>
    /// The fingerprint of the memberships the aggregate reads: the objectives asked for, the transition totals of
    /// their stages and objectives (rows of <see cref="FingerprintSql"/>), the removal count.
    /// </summary>
    public static string Fingerprint(IReadOnlyCollection<(string Stage, string Objective)> objectives, IEnumerable<(string Key, int Transition, long N)> totals)
    {
        var keys = objectives.SelectMany(o => new[] { o.Stage, o.Objective }).Append("").ToHashSet(StringComparer.Ordinal);
        var text = new StringBuilder();
        foreach (var (stage, objective) in objectives.Order())
        {
            text.Append("o ").Append(stage).Append(' ').Append(objective).Append('\n');
        }

        foreach (var (key, transition, n) in totals.Where(t => keys.Contains(t.Key)).OrderBy(t => t.Key, StringComparer.Ordinal).ThenBy(t => t.Transition))
        {
            text.Append("t ").Append(key).Append(' ').Append(transition).Append(' ').Append(n).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>The checkpoint's value for <paramref name="rows"/> computed under <paramref name="fingerprint"/>.</summary>
    public static string Write(string fingerprint, IReadOnlyList<Row> rows) =>
        JsonSerializer.Serialize(new Cached(fingerprint, [.. rows]));

    /// <summary>The kept rows when <paramref name="value"/> was computed under <paramref name="fingerprint"/>.</summary>
    public static bool TryRead(string? value, string fingerprint, out IReadOnlyList<Row> rows)
    {
        rows = [];
        if (value is null)
        {
            return false;
        }

        try
        {
            if (JsonSerializer.Deserialize<Cached>(value) is { Rows: not null } cached && cached.Fingerprint == fingerprint)
            {
                rows = cached.Rows;
                return true;
            }
        }
        catch (JsonException)
        {
            // A value this version cannot read is recomputed (and overwritten), never trusted.
        }

        return false;
    }

    /// <summary>The benchmarks the rows give (pairs without a completion have none).</summary>
    public static Dictionary<(string Stage, string Objective), Benchmark> ToBenchmarks(IEnumerable<Row> rows)
    {
        var result = new Dictionary<(string, string), Benchmark>();
        foreach (var r in rows.Where(r => r.Count > 0))
        {
            result[(r.Stage, r.Objective)] = new Benchmark(r.Stage, r.Objective, TimeSpan.FromSeconds(r.SumMs / 1000.0 / r.Count), (int)r.Count);
        }

        return result;
    }

    private sealed record Cached(string Fingerprint, Row[] Rows);
}
