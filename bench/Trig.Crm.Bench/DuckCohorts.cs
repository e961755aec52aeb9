using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;
using Trig.Crm.Lifecycle.Evaluation;

/// <summary>
/// The reference for the engine's cohort pass: the sample's three cohorts as DuckDB SQL over the same data, loaded
/// once into an in-memory database (organisations, people, login events) and counted a round at a time, so that the
/// bench can alternate engine passes and DuckDB rounds.
/// </summary>
internal sealed class DuckCohorts : IDisposable
{
    private readonly DuckDBConnection _conn;
    private readonly Dictionary<string, string> _queries;

    private DuckCohorts(DuckDBConnection conn, Dictionary<string, string> queries)
    {
        _conn = conn;
        _queries = queries;
    }

    public static DuckCohorts Load(BenchData data, DateTimeOffset now, DateTimeOffset liveAt)
    {
        var conn = new DuckDBConnection("Data Source=:memory:");
        conn.Open();
        using (var create = conn.CreateCommand())
        {
            create.CommandText = """
                CREATE TABLE orgs (id VARCHAR, plan VARCHAR, acquisition_channel VARCHAR, first_session_date TIMESTAMP);
                CREATE TABLE people (id VARCHAR, org_id VARCHAR, is_admin BOOLEAN, logins_last_30d DOUBLE);
                CREATE TABLE events (org_id VARCHAR, name VARCHAR, ts TIMESTAMP);
                """;
            create.ExecuteNonQuery();
        }

        Append(conn, data);
        var from14 = (now - TimeSpan.FromDays(14) > liveAt ? now - TimeSpan.FromDays(14) : liveAt).UtcDateTime;
        var nowUtc = now.UtcDateTime;
        var queries = new Dictionary<string, string>
        {
            ["power_accounts"] = $"""
                WITH active AS (SELECT org_id, COUNT(*) FILTER (WHERE logins_last_30d >= 1) AS n FROM people GROUP BY org_id),
                     logins AS (SELECT org_id, COUNT(*) AS n FROM events WHERE name = 'login' AND ts >= TIMESTAMP '{from14:yyyy-MM-dd HH:mm:ss.ffffff}' AND ts <= TIMESTAMP '{nowUtc:yyyy-MM-dd HH:mm:ss.ffffff}' GROUP BY org_id)
                SELECT COUNT(*) FROM orgs o LEFT JOIN active a ON a.org_id = o.id LEFT JOIN logins l ON l.org_id = o.id
                WHERE o.plan IN ('Premium', 'Enterprise') AND (COALESCE(a.n, 0) >= 10 OR COALESCE(l.n, 0) >= 20)
                """,
            ["new_self_serve"] = $"""
                SELECT COUNT(*) FROM orgs WHERE acquisition_channel = 'self_serve'
                  AND first_session_date >= TIMESTAMP '{nowUtc.AddDays(-30):yyyy-MM-dd HH:mm:ss.ffffff}' AND first_session_date <= TIMESTAMP '{nowUtc:yyyy-MM-dd HH:mm:ss.ffffff}'
                  AND plan NOT IN ('Enterprise')
                """,
            ["champions"] = "SELECT COUNT(*) FROM people WHERE is_admin AND logins_last_30d >= 20",
        };
        return new DuckCohorts(conn, queries);
    }

    /// <summary>One round: the three queries, timed together.</summary>
    public (double Ms, Dictionary<string, int> Counts) Round()
    {
        var counts = new Dictionary<string, int>();
        var sw = Stopwatch.StartNew();
        foreach (var (key, sql) in _queries)
        {
            using var cmd = _conn.CreateCommand();
            cmd.CommandText = sql;
            counts[key] = Convert.ToInt32(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
        }

        return (sw.Elapsed.TotalMilliseconds, counts);
    }

    public void Dispose() => _conn.Dispose();

    private static void Append(DuckDBConnection conn, BenchData data)
    {
        using var ao = conn.CreateAppender("orgs");
        using var ap = conn.CreateAppender("people");
        using var ae = conn.CreateAppender("events");
        foreach (var u in data.Units)
        {
            var o = u.Organisation!;
            ao.CreateRow().AppendValue(o.Id).AppendValue(o.Get("plan").AsString).AppendValue(o.Get("acquisition_channel").AsString).AppendValue(o.Get("first_session_date").AsDateTime.UtcDateTime).EndRow();
            foreach (var p in u.People)
            {
                ap.CreateRow().AppendValue(p.Id).AppendValue(o.Id).AppendValue(p.Get("is_admin").AsBool).AppendValue(p.Get("logins_last_30d").AsNumber).EndRow();
            }

            foreach (var e in u.Entities.Where(e => e.HasEvents))
            {
                foreach (var t in e.Events.Times("login"))
                {
                    ae.CreateRow().AppendValue(o.Id).AppendValue("login").AppendValue(new DateTime(t, DateTimeKind.Utc)).EndRow();
                }
            }
        }
    }
}
