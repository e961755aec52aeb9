using System.Data.Common;
using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Evaluation;

namespace Trig.Crm.Store.Reporting;

/// <summary>
/// The measurement's running totals, kept by every evaluation commit in its own transaction (the same SQL on SQLite
/// and PostgreSQL): entered/completed/exited counts per definition (<c>transition_totals</c>), and the time from
/// entry to completion of every completed run, counted per whole minute with the milliseconds summed
/// (<c>completion_minutes</c>). The report reads a few rows per definition, so its cost does not grow with the
/// history. A run is identified by its entry count, so an entity that went through a job twice counts twice; a
/// completion is timed from the latest entry of the same run before it. The median is exact to the minute: it is
/// the mean duration of the minute (or the two minutes) holding the middle run(s).
/// </summary>
internal static class MetricTotals
{
    private const long MsPerMinute = 60_000;
    private const double MsPerDay = 86_400_000d;
    private const int RowsPerStatement = 200;

    /// <summary>Fills the totals from the transitions already recorded (run once, by the migration that adds them).</summary>
    public const string BackfillSql = """
        INSERT INTO transition_totals (definition_key, transition, definition_kind, n)
        SELECT definition_key, transition, MAX(definition_kind), COUNT(*) FROM transitions WHERE transition < 3 GROUP BY definition_key, transition;
        INSERT INTO completion_minutes (definition_key, minutes, n, total_ms)
        SELECT definition_key, d / 60000, COUNT(*), SUM(d) FROM (
          SELECT c.definition_key, c.at - (SELECT e.at FROM transitions e
                   WHERE e.kind = c.kind AND e.entity_id = c.entity_id AND e.definition_key = c.definition_key AND e.run = c.run
                     AND e.transition = 0 AND e.id < c.id ORDER BY e.id DESC LIMIT 1) AS d
          FROM transitions c WHERE c.transition = 1) AS completed
        WHERE d IS NOT NULL GROUP BY definition_key, d / 60000;
        """;

    /// <summary>The query a store runs per stored entry it is asked for (parameters @k, @id, @d, @r): the latest entry of that run.</summary>
    public const string StoredEntrySql =
        "SELECT at FROM transitions WHERE kind = @k AND entity_id = @id AND definition_key = @d AND run = @r AND transition = 0 ORDER BY id DESC LIMIT 1";

    /// <summary>
    /// Adds a commit's transitions to the totals, inside the commit's transaction. A completion whose entry is not
    /// among <paramref name="transitions"/> is timed from the stored entry <paramref name="storedEntries"/> finds.
    /// Rows are written in key order, so two commits at once (two nodes) never deadlock on them.
    /// </summary>
    public static async Task AddAsync(
        DbConnection c, DbTransaction tx, IReadOnlyList<Transition> transitions,
        Func<IReadOnlyCollection<RunKey>, Task<IReadOnlyDictionary<RunKey, long>>> storedEntries, CancellationToken ct)
    {
        if (transitions.Count == 0)
        {
            return;
        }

        var counts = new SortedDictionary<(string Key, int Transition), (int Kind, long N)>(Comparer<(string, int)>.Create(Compare<int>));
        var minutes = new SortedDictionary<(string Key, long Minute), (long N, long Total)>(Comparer<(string, long)>.Create(Compare<long>));
        var entries = new Dictionary<RunKey, long>();
        var unmatched = new List<(RunKey Run, long At)>();
        foreach (var t in transitions)
        {
            if (t.Kind is TransitionKind.Entered or TransitionKind.Completed or TransitionKind.Exited)
            {
                var k = (t.DefinitionKey, (int)t.Kind);
                counts[k] = ((int)t.DefinitionKind, counts.GetValueOrDefault(k).N + 1);
            }

            var run = new RunKey((int)t.EntityKind, t.EntityId, t.DefinitionKey, t.Run);
            var at = t.At.ToUnixTimeMilliseconds();
            if (t.Kind == TransitionKind.Entered)
            {
                entries[run] = at;
            }
            else if (t.Kind == TransitionKind.Completed)
            {
                if (entries.TryGetValue(run, out var entered))
                {
                    AddDuration(minutes, run.DefinitionKey, at - entered);
                }
                else
                {
                    unmatched.Add((run, at));
                }
            }
        }

        if (unmatched.Count > 0)
        {
            var stored = await storedEntries([.. unmatched.Select(u => u.Run).Distinct()]);
            foreach (var (run, at) in unmatched)
            {
                if (stored.TryGetValue(run, out var entered))
                {
                    AddDuration(minutes, run.DefinitionKey, at - entered);
                }
            }
        }

        await UpsertAsync(c, tx, "transition_totals (definition_key, transition, definition_kind, n)",
            "(definition_key, transition) DO UPDATE SET n = transition_totals.n + excluded.n, definition_kind = excluded.definition_kind",
            counts.Select(kv => new object[] { kv.Key.Key, kv.Key.Transition, kv.Value.Kind, kv.Value.N }).ToList(), ct);
        await UpsertAsync(c, tx, "completion_minutes (definition_key, minutes, n, total_ms)",
            "(definition_key, minutes) DO UPDATE SET n = completion_minutes.n + excluded.n, total_ms = completion_minutes.total_ms + excluded.total_ms",
            minutes.Select(kv => new object[] { kv.Key.Key, kv.Key.Minute, kv.Value.N, kv.Value.Total }).ToList(), ct);
    }

    /// <summary>The counts and the median and mean days to complete per definition, from the totals.</summary>
    public static async Task<(Dictionary<string, (DefinitionKind? Kind, int Entered, int Completed, int Exited)> Counts, Dictionary<string, (double Median, double Mean)> Durations)>
        ReadAsync(Func<string, DbCommand> command, CancellationToken ct)
    {
        var counts = new Dictionary<string, (DefinitionKind? Kind, int Entered, int Completed, int Exited)>(StringComparer.Ordinal);
        using (var q = command("SELECT definition_key, transition, definition_kind, n FROM transition_totals"))
        await using (var r = await q.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                var key = r.GetString(0);
                var n = (int)r.GetInt64(3);
                var cur = counts.GetValueOrDefault(key) with { Kind = (DefinitionKind)r.GetInt32(2) };
                counts[key] = (TransitionKind)r.GetInt32(1) switch
                {
                    TransitionKind.Entered => cur with { Entered = cur.Entered + n },
                    TransitionKind.Completed => cur with { Completed = cur.Completed + n },
                    _ => cur with { Exited = cur.Exited + n },
                };
            }
        }

        var buckets = new Dictionary<string, List<(long N, long Total)>>(StringComparer.Ordinal);
        using (var q = command("SELECT definition_key, n, total_ms FROM completion_minutes WHERE n > 0 ORDER BY definition_key, minutes"))
        await using (var r = await q.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                var key = r.GetString(0);
                if (!buckets.TryGetValue(key, out var list))
                {
                    buckets[key] = list = [];
                }

                list.Add((r.GetInt64(1), r.GetInt64(2)));
            }
        }

        var durations = buckets.ToDictionary(kv => kv.Key, kv => Summarise(kv.Value), StringComparer.Ordinal);
        return (counts, durations);
    }

    /// <summary>Median (mean of the two middle runs when the count is even) and mean, in days, from minute buckets in order.</summary>
    internal static (double Median, double Mean) Summarise(IReadOnlyList<(long N, long Total)> buckets)
    {
        var n = buckets.Sum(b => b.N);
        var total = buckets.Sum(b => (double)b.Total);
        // The 1-based ranks of the middle run(s), as the exact median takes them.
        var (low, high) = ((n + 1) / 2, (n + 2) / 2);
        double lowValue = 0, highValue = 0;
        long seen = 0;
        foreach (var (count, sum) in buckets)
        {
            var mean = (double)sum / count;
            if (seen < low && low <= seen + count)
            {
                lowValue = mean;
            }

            if (seen < high && high <= seen + count)
            {
                highValue = mean;
                break;
            }

            seen += count;
        }

        return ((lowValue + highValue) / 2 / MsPerDay, total / n / MsPerDay);
    }

    private static void AddDuration(SortedDictionary<(string Key, long Minute), (long N, long Total)> minutes, string key, long ms)
    {
        var k = (key, ms / MsPerMinute); // truncates toward zero, as the SQL's integer division does
        var cur = minutes.GetValueOrDefault(k);
        minutes[k] = (cur.N + 1, cur.Total + ms);
    }

    private static async Task UpsertAsync(DbConnection c, DbTransaction tx, string into, string onConflict, List<object[]> rows, CancellationToken ct)
    {
        foreach (var chunk in rows.Chunk(RowsPerStatement))
        {
            using var cmd = c.CreateCommand();
            cmd.Transaction = tx;
            var values = new List<string>(chunk.Length);
            for (var i = 0; i < chunk.Length; i++)
            {
                var names = new string[chunk[i].Length];
                for (var j = 0; j < names.Length; j++)
                {
                    names[j] = $"@p{i}_{j}";
                    var p = cmd.CreateParameter();
                    p.ParameterName = names[j];
                    p.Value = chunk[i][j];
                    cmd.Parameters.Add(p);
                }

                values.Add("(" + string.Join(", ", names) + ")");
            }

            cmd.CommandText = $"INSERT INTO {into} VALUES {string.Join(", ", values)} ON CONFLICT {onConflict}";
            await cmd.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>Ordinal on the key, then by the number: the one order both stores' rows are written in.</summary>
    private static int Compare<T>((string, T) a, (string, T) b) where T : IComparable<T> =>
        string.CompareOrdinal(a.Item1, b.Item1) is var c and not 0 ? c : a.Item2.CompareTo(b.Item2);
}

/// <summary>One run of one definition on one entity: the key a completion is matched to its entry by.</summary>
internal readonly record struct RunKey(int Kind, string EntityId, string DefinitionKey, int Run);
