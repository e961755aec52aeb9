using System.Data.Common;

namespace Trig.Crm.Store.Cluster;

/// <summary>
/// The reads of <see cref="IClusterStatusStore"/> both stores run alike (plain SQL over <c>cluster_cycles</c>,
/// <c>cluster_shards</c> and, on PostgreSQL, Quartz's <c>qrtz_scheduler_state</c>).
/// </summary>
internal static class ClusterStatusRows
{
    // Done shards always have an owner (a shard is marked done only by its holder), so the per-owner sums are the totals.
    private const string OwnersSql = """
        SELECT owner,
               SUM(CASE WHEN done_at IS NOT NULL THEN 1 ELSE 0 END),
               SUM(CASE WHEN done_at IS NULL AND lease_until >= @now THEN 1 ELSE 0 END),
               SUM(CASE WHEN done_at IS NOT NULL THEN entities ELSE 0 END)
        FROM cluster_shards WHERE cycle_id = @c AND owner IS NOT NULL GROUP BY owner ORDER BY owner
        """;

    private const string RecentSql = """
        SELECT c.id, c.as_of, c.opened_by, c.opened_at, c.closed_at, c.only_due, c.shards,
               (SELECT COALESCE(SUM(s.entities), 0) FROM cluster_shards s WHERE s.cycle_id = c.id),
               (SELECT COALESCE(SUM(s.actions), 0) FROM cluster_shards s WHERE s.cycle_id = c.id)
        FROM cluster_cycles c WHERE c.closed_at IS NOT NULL ORDER BY c.id DESC LIMIT @n
        """;

    /// <summary>The open cycle with its shard counts and owners, or null when none is open.</summary>
    public static async Task<OpenCycleStatus?> OpenAsync(Func<string, DbCommand> command, DateTimeOffset now, CancellationToken ct)
    {
        OpenCycleStatus open;
        using (var q = command("SELECT id, as_of, definitions_version, opened_by, opened_at, only_due, shards FROM cluster_cycles WHERE is_open = 1"))
        await using (var r = await q.ExecuteReaderAsync(ct))
        {
            if (!await r.ReadAsync(ct))
            {
                return null;
            }

            // only_due is 1, or on SQLite 2 for a cycle read through the indexes: both are only-due.
            open = new OpenCycleStatus(r.GetInt64(0), StoreSql.At(r.GetInt64(1)), r.GetString(2), r.GetString(3), StoreSql.At(r.GetInt64(4)),
                r.GetInt32(5) >= 1, r.GetInt32(6), 0, 0, 0, []);
        }

        using var o = command(OwnersSql).With("c", open.Id).With("now", now.ToUnixTimeMilliseconds());
        var owners = await StoreSql.ListAsync(o, r => new ShardOwnerStatus(r.GetString(0), (int)r.GetInt64(1), (int)r.GetInt64(2), r.GetInt64(3)), ct);
        var done = owners.Sum(x => x.Done);
        var claimed = owners.Sum(x => x.Claimed);
        return open with { Done = done, Claimed = claimed, Unclaimed = open.Shards - done - claimed, Owners = owners };
    }

    /// <summary>The last <paramref name="limit"/> closed cycles, newest first.</summary>
    public static async Task<List<ClosedCycleStatus>> RecentAsync(Func<string, DbCommand> command, int limit, CancellationToken ct)
    {
        using var q = command(RecentSql).With("n", limit);
        return await StoreSql.ListAsync(q, r => new ClosedCycleStatus(
            r.GetInt64(0), StoreSql.At(r.GetInt64(1)), r.GetString(2), StoreSql.At(r.GetInt64(3)), StoreSql.At(r.GetInt64(4)),
            r.GetInt32(5) >= 1, r.GetInt32(6), r.GetInt64(7), r.GetInt64(8)), ct);
    }

    /// <summary>
    /// The Quartz instances of scheduler <paramref name="scheduler"/>. Quartz.NET stores <c>last_checkin_time</c> as UTC
    /// .NET ticks (not Unix milliseconds as the store's own times are) and <c>checkin_interval</c> in milliseconds.
    /// </summary>
    public static async Task<List<SchedulerNode>> NodesAsync(Func<string, DbCommand> command, string scheduler, DateTimeOffset now, TimeSpan threshold, CancellationToken ct)
    {
        using var q = command("SELECT instance_name, last_checkin_time, checkin_interval FROM qrtz_scheduler_state WHERE sched_name = @s ORDER BY instance_name")
            .With("s", scheduler);
        return await StoreSql.ListAsync(q, r =>
        {
            var last = new DateTimeOffset(r.GetInt64(1), TimeSpan.Zero);
            var interval = TimeSpan.FromMilliseconds(r.GetInt64(2));
            return new SchedulerNode(r.GetString(0), last, interval, Overdue(last, interval, threshold, now));
        }, ct);
    }

    /// <summary>No check-in for the interval plus the check-in misfire threshold: when the other nodes take the node's schedule over.</summary>
    public static bool Overdue(DateTimeOffset lastCheckin, TimeSpan interval, TimeSpan threshold, DateTimeOffset now) => lastCheckin + interval + threshold < now;
}
