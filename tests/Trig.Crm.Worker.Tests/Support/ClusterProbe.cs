using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;
using Trig.Crm.Store.Sqlite;
using Trig.Crm.Testing.Processes;

namespace Trig.Crm.Worker.Tests.Support;

/// <summary>What the cluster test reads while its nodes run: the shared PostgreSQL, the nodes' sockets, and stall bounds.</summary>
internal sealed partial class ClusterProbe(string db, List<TrigProcess> nodes)
{
    /// <summary>How long nothing may happen before a wait fails: a stall bound, not a speed target.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);

    public static async Task CreateDatabaseAsync(string server, string name)
    {
        await using var c = new NpgsqlConnection(server);
        await c.OpenAsync();
        await using var q = new NpgsqlCommand($"CREATE DATABASE {name}", c);
        await q.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Polls <paramref name="probe"/> until it finds something. Fails with the outbox and every node's output once
    /// nothing has moved in the store (cycles, shards, outbox) for <see cref="Bound"/>: a stall, not a slow machine.
    /// </summary>
    public async Task<T> UntilAsync<T>(Func<Task<T?>> probe, string what)
        where T : class
    {
        var watch = new StallWatch(Bound);
        while (watch.Moving(await ProgressAsync()))
        {
            if (await probe() is { } found)
            {
                return found;
            }

            await Task.Delay(10);
        }

        var last = watch.Last;

        var outbox = await RowsAsync("SELECT idempotency_key || ' ' || status || ' attempts=' || attempts || ' due=' || next_attempt_at || ' ' || coalesce(last_error, '') FROM outbox WHERE status NOT IN ('sent', 'done')");
        Assert.Fail($"no {what}: nothing moved for {Bound.TotalSeconds:0} s ({last})\noutbox not sent:\n{string.Join("\n", outbox)}\n===== every node:\n{string.Join("\n=====\n", nodes.Select(n => n.Output))}");
        return null!;
    }

    /// <summary>What changes while the cluster works: shards done, cycles closed, the outbox's rows by status and attempts.</summary>
    private async Task<string> ProgressAsync() => string.Join(", ", await RowsAsync("""
        SELECT 'shards done ' || count(*) FROM cluster_shards WHERE done_at IS NOT NULL
        UNION ALL SELECT 'cycles closed ' || count(*) FROM cluster_cycles WHERE closed_at IS NOT NULL
        UNION ALL SELECT 'outbox ' || coalesce(string_agg(status || ':' || n, ' ' ORDER BY status), '') FROM (SELECT status || '/' || sum(attempts) AS status, count(*) AS n FROM outbox GROUP BY status) x
        """));

    /// <summary>The live node that opened the open cycle, when some of its shards are done and some are not; else null.</summary>
    public async Task<TrigProcess?> MidCycleOpenerAsync()
    {
        var opener = (await RowsAsync("""
            SELECT y.opened_by FROM cluster_cycles y
            WHERE y.is_open = 1 AND EXISTS (SELECT 1 FROM cluster_shards s WHERE s.cycle_id = y.id AND s.done_at IS NOT NULL)
              AND EXISTS (SELECT 1 FROM cluster_shards s WHERE s.cycle_id = y.id AND s.done_at IS NULL)
            """)).FirstOrDefault();
        var pid = opener is not null && ProcessOf().Match(opener) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : (int?)null;
        return nodes.FirstOrDefault(n => !n.HasExited && n.Id == pid);
    }

    /// <summary>
    /// The one live node with a connection to <paramref name="port"/> that is still open half a second later (the fake
    /// closes every connection after its answer, so that is the node whose call is being held); else null.
    /// </summary>
    public async Task<TrigProcess?> HeldConnectionAsync(int port)
    {
        var connected = nodes.Where(n => !n.HasExited && HasConnectionTo(n.Id, port)).ToList();
        await Task.Delay(500);
        var held = connected.Where(n => !n.HasExited && HasConnectionTo(n.Id, port)).ToList();
        return held.Count == 1 ? held[0] : null;
    }

    /// <summary>Whether process <paramref name="pid"/> holds an established TCP connection to loopback port <paramref name="port"/> (read from /proc).</summary>
    public static bool HasConnectionTo(int pid, int port)
    {
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in new[] { "/proc/net/tcp", "/proc/net/tcp6" }.Where(File.Exists))
        {
            foreach (var line in File.ReadLines(file).Skip(1))
            {
                var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (f.Length > 9 && int.Parse(f[2].Split(':')[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture) == port && f[3] == "01")
                {
                    inodes.Add(f[9]);
                }
            }
        }

        try
        {
            return Directory.EnumerateFiles($"/proc/{pid}/fd").Select(fd => new FileInfo(fd).LinkTarget ?? "")
                .Any(t => t.StartsWith("socket:[", StringComparison.Ordinal) && inodes.Contains(t[8..^1]));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public async Task<long> ScalarAsync(string sql)
    {
        await using var c = new NpgsqlConnection(db);
        await c.OpenAsync();
        await using var q = new NpgsqlCommand(sql, c);
        return Convert.ToInt64(await q.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    public async Task<List<string>> RowsAsync(string sql)
    {
        await using var c = new NpgsqlConnection(db);
        await c.OpenAsync();
        await using var q = new NpgsqlCommand(sql, c);
        await using var r = await q.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await r.ReadAsync())
        {
            rows.Add(r.GetString(0));
        }

        return rows;
    }

    public static async Task<List<string>> SqliteRowsAsync(SqliteStore store, string sql)
    {
        await using var c = await store.OpenAsync(default);
        await using var q = c.CreateCommand();
        q.CommandText = sql;
        await using var r = await q.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await r.ReadAsync())
        {
            rows.Add(r.GetString(0));
        }

        return rows;
    }

    [GeneratedRegex(@"process (\d+) \(")]
    private static partial Regex ProcessOf();
}
