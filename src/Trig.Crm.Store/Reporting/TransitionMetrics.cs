using System.Data.Common;
using Trig.Crm.Lifecycle.Definitions;

namespace Trig.Crm.Store.Reporting;

/// <summary>
/// Entered/completed/exited counts per definition and the median and mean days from entry to completion of every
/// completed run, aggregated by the database (the same SQL on SQLite and PostgreSQL): the report at the end of a
/// cycle reads a few rows per definition, never every transition, so its memory does not grow with the history.
/// A run is identified by its entry count, so an entity that went through a job twice counts twice; a completion
/// is timed from the latest entry of the same run before it.
/// </summary>
internal static class TransitionMetrics
{
    private const string CountsSql =
        "SELECT definition_key, MAX(definition_kind), transition, COUNT(*) FROM transitions WHERE transition < 3 GROUP BY definition_key, transition";

    // The two middle rows (one when the count is odd) of each definition's sorted durations, with the count and mean.
    private const string DurationsSql = """
        SELECT definition_key, CAST(d AS double precision), mean FROM (
          SELECT definition_key, d, row_number() OVER (PARTITION BY definition_key ORDER BY d) AS rn,
                 count(*) OVER (PARTITION BY definition_key) AS n, avg(CAST(d AS double precision)) OVER (PARTITION BY definition_key) AS mean
          FROM (SELECT c.definition_key, c.at - (SELECT e.at FROM transitions e
                  WHERE e.kind = c.kind AND e.entity_id = c.entity_id AND e.definition_key = c.definition_key AND e.run = c.run
                    AND e.transition = 0 AND e.id < c.id ORDER BY e.id DESC LIMIT 1) AS d
                FROM transitions c WHERE c.transition = 1) AS completed
          WHERE d IS NOT NULL) AS ranked
        WHERE rn = (n + 1) / 2 OR rn = (n + 2) / 2
        ORDER BY definition_key, rn
        """;

    private const double MsPerDay = 86_400_000d;

    public static async Task<(Dictionary<string, (DefinitionKind? Kind, int Entered, int Completed, int Exited)> Counts, Dictionary<string, (double Median, double Mean)> Durations)>
        ReadAsync(Func<string, DbCommand> command, CancellationToken ct)
    {
        var counts = new Dictionary<string, (DefinitionKind? Kind, int Entered, int Completed, int Exited)>(StringComparer.Ordinal);
        using (var q = command(CountsSql))
        await using (var r = await q.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                var key = r.GetString(0);
                var n = (int)r.GetInt64(3);
                var cur = counts.GetValueOrDefault(key) with { Kind = (DefinitionKind)r.GetInt64(1) };
                counts[key] = (Lifecycle.Evaluation.TransitionKind)r.GetInt64(2) switch
                {
                    Lifecycle.Evaluation.TransitionKind.Entered => cur with { Entered = cur.Entered + n },
                    Lifecycle.Evaluation.TransitionKind.Completed => cur with { Completed = cur.Completed + n },
                    _ => cur with { Exited = cur.Exited + n },
                };
            }
        }

        var middles = new Dictionary<string, (List<double> Middle, double Mean)>(StringComparer.Ordinal);
        using (var q = command(DurationsSql))
        await using (var r = await q.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                var key = r.GetString(0);
                if (!middles.TryGetValue(key, out var m))
                {
                    middles[key] = m = ([], r.GetDouble(2));
                }

                m.Middle.Add(r.GetDouble(1));
            }
        }

        var durations = middles.ToDictionary(kv => kv.Key, kv => (kv.Value.Middle.Average() / MsPerDay, kv.Value.Mean / MsPerDay), StringComparer.Ordinal);
        return (counts, durations);
    }
}
