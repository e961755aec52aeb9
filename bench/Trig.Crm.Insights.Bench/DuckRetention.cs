using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;
using Microsoft.Data.Sqlite;
using Trig.Crm.Engine.Insights;
using Trig.Crm.Lifecycle.Definitions;

/// <summary>The reference: the retention counts, gap and interval of every item from one DuckDB SQL query.</summary>
internal static class DuckRetention
{
    internal sealed record Row(string Key, long Doers, long DoersRetained, long NonDoers, long NonDoersRetained, double? Gap, double? Half);

    public static (double LoadMs, double QueryMs, List<Row> Rows) Run(string sqlitePath, DefinitionSet set, TimeSpan within)
    {
        using var duck = new DuckDBConnection("Data Source=:memory:");
        duck.Open();
        Exec(duck, """
            CREATE TABLE ms (entity_id VARCHAR, definition_key VARCHAR, entered_at BIGINT, last_completed BIGINT);
            CREATE TABLE attrs (entity_id VARCHAR, value VARCHAR);
            CREATE TABLE items (key VARCHAR, chance_key VARCHAR);
            """);
        var sw = Stopwatch.StartNew();
        using (var sqlite = new SqliteConnection($"Data Source={sqlitePath};Mode=ReadOnly"))
        {
            sqlite.Open();
            using var ms = duck.CreateAppender("ms");
            using (var q = sqlite.CreateCommand())
            {
                q.CommandText = "SELECT entity_id, definition_key, entered_at, last_completed FROM memberships WHERE kind = 0";
                using var r = q.ExecuteReader();
                while (r.Read())
                {
                    var row = ms.CreateRow().AppendValue(r.GetString(0)).AppendValue(r.GetString(1)).AppendValue(r.GetInt64(2));
                    (r.IsDBNull(3) ? row.AppendNullValue() : row.AppendValue(r.GetInt64(3))).EndRow();
                }
            }

            using var attrs = duck.CreateAppender("attrs");
            using (var q = sqlite.CreateCommand())
            {
                q.CommandText = "SELECT entity_id, value FROM attributes WHERE kind = 0 AND name = 'subscription_status'";
                using var r = q.ExecuteReader();
                while (r.Read())
                {
                    attrs.CreateRow().AppendValue(r.GetString(0)).AppendValue(r.GetString(1)).EndRow();
                }
            }
        }

        using (var items = duck.CreateAppender("items"))
        {
            foreach (var d in RetentionCalculator.Items(set))
            {
                items.CreateRow().AppendValue(d.Key).AppendValue(d.StageKey ?? d.Key).EndRow();
            }
        }

        var loadMs = sw.Elapsed.TotalMilliseconds;
        var sql = $"""
            WITH outcome AS (SELECT entity_id AS org, lower(value) = 'active' AS retained FROM attrs WHERE value <> ''),
            chance AS (SELECT i.key, m.entity_id AS org, m.entered_at AS ref FROM items i JOIN ms m ON m.definition_key = i.chance_key),
            g AS (
              SELECT c.key, o.retained, (d.last_completed IS NOT NULL AND d.last_completed - c.ref <= {(long)within.TotalMilliseconds}) AS doer
              FROM chance c JOIN outcome o ON o.org = c.org
              LEFT JOIN ms d ON d.definition_key = c.key AND d.entity_id = c.org),
            t AS (
              SELECT key, COUNT(*) FILTER (WHERE doer) AS n1, COUNT(*) FILTER (WHERE doer AND retained) AS r1,
                     COUNT(*) FILTER (WHERE NOT doer) AS n0, COUNT(*) FILTER (WHERE NOT doer AND retained) AS r0
              FROM g GROUP BY key)
            SELECT key, n1, r1, n0, r0,
              CASE WHEN n1 > 0 AND n0 > 0 THEN 100 * (r1 / n1::DOUBLE - r0 / n0::DOUBLE) END,
              CASE WHEN n1 > 0 AND n0 > 0 THEN 100 * 1.959963984540054 * sqrt((r1 / n1::DOUBLE) * (1 - r1 / n1::DOUBLE) / n1 + (r0 / n0::DOUBLE) * (1 - r0 / n0::DOUBLE) / n0) END
            FROM t ORDER BY key
            """;
        var best = double.MaxValue;
        var rows = new List<Row>();
        for (var round = 0; round < 3; round++)
        {
            rows.Clear();
            sw.Restart();
            using var cmd = duck.CreateCommand();
            cmd.CommandText = sql;
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                rows.Add(new Row(r.GetString(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4),
                    r.IsDBNull(5) ? null : r.GetDouble(5), r.IsDBNull(6) ? null : r.GetDouble(6)));
            }

            best = Math.Min(best, sw.Elapsed.TotalMilliseconds);
        }

        return (loadMs, best, rows);
    }

    /// <summary>Every item DuckDB counted must have the same counts, gap and interval in the engine's report (and vice versa).</summary>
    public static List<string> Compare(RetentionReport report, List<Row> rows)
    {
        var engine = report.Ranked.Concat(report.NotEnoughData).Where(i => i.Doers + i.NonDoers > 0).ToDictionary(i => i.Key, StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var row in rows)
        {
            if (!engine.Remove(row.Key, out var e))
            {
                problems.Add($"{row.Key}: only in DuckDB");
                continue;
            }

            if ((e.Doers, e.DoersRetained, e.NonDoers, e.NonDoersRetained) != (row.Doers, row.DoersRetained, row.NonDoers, row.NonDoersRetained)
                || !Close(e.GapPoints, row.Gap) || !Close(e.GapHighPoints - e.GapPoints, row.Half))
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{row.Key}: engine {e.Doers}/{e.DoersRetained}/{e.NonDoers}/{e.NonDoersRetained} {e.GapPoints}, DuckDB {row.Doers}/{row.DoersRetained}/{row.NonDoers}/{row.NonDoersRetained} {row.Gap}"));
            }
        }

        problems.AddRange(engine.Keys.Select(k => $"{k}: only in the engine"));
        return problems;
    }

    private static bool Close(double? a, double? b) => (a is null && b is null) || (a is { } x && b is { } y && Math.Abs(x - y) < 1e-9);

    private static void Exec(DuckDBConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
