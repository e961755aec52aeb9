using System.Data.Common;

namespace Trig.Crm.Store.Cluster;

/// <summary>
/// The parts of the sharded cycle both stores run alike: cutting the shard ranges, recording the cycle, the claimed
/// shard, a shard's completion and closing the cycle. What differs stays with each store: the claim (<c>FOR UPDATE
/// SKIP LOCKED</c> against SQLite's single writer), the shard rows (an array insert or a row at a time), the range
/// queries' collation, and reading the open cycle (SQLite keeps its sparse flag in <c>only_due</c>).
/// </summary>
internal static class ClusterRows
{
    private const string InsertCycleSql = """
        INSERT INTO cluster_cycles (as_of, definitions_version, opened_by, opened_at, is_open, shards, settled_basis, only_due)
        VALUES (@a, @v, @o, @now, 1, @n, @b, @d) RETURNING id
        """;

    private const string MarkDoneSql = """
        UPDATE cluster_shards SET done_at = @now, entities = @e, actions = @a, transitions = @t
        WHERE cycle_id = @c AND shard = @s AND owner = @o AND done_at IS NULL
        """;

    /// <summary>
    /// The shard ranges of a new cycle: the organisations', then the orphan people's. An only-due cycle reads its
    /// kind's due ids in order (<paramref name="due"/>); any other reads the bound rows <paramref name="bounds"/>
    /// makes for the kind's condition (parameter <c>asof</c>: the cycle's time).
    /// </summary>
    public static async Task<List<(int Kind, string First, string Last)>> CutRangesAsync(
        Func<string, DbCommand> command, bool onlyDue, int shardSize, DateTimeOffset asOf,
        (string Where, string Due) organisations, (string Where, string Due) orphans, Func<string, string> bounds, CancellationToken ct)
    {
        var ranges = new List<(int Kind, string First, string Last)>();
        foreach (var (kind, where, due) in new[] { (0, organisations.Where, organisations.Due), (1, orphans.Where, orphans.Due) })
        {
            using var q = command(onlyDue ? due : bounds(where)).With("asof", asOf.ToUnixTimeMilliseconds());
            await using var r = await q.ExecuteReaderAsync(ct);
            var pairs = onlyDue ? await ShardRanges.OfOrderedAsync(r, shardSize, ct) : await ShardRanges.OfBoundsAsync(r, shardSize, ct);
            ranges.AddRange(pairs.Select(x => (kind, x.First, x.Last)));
        }

        return ranges;
    }

    /// <summary>Records the open cycle; its id. <paramref name="onlyDue"/> is the store's <c>only_due</c> value.</summary>
    public static async Task<long> InsertCycleAsync(
        Func<string, DbCommand> command, DateTimeOffset asOf, string definitionsVersion, string owner, DateTimeOffset now,
        int shards, string? settledBasis, int onlyDue, CancellationToken ct)
    {
        using var ins = command(InsertCycleSql)
            .With("a", asOf.ToUnixTimeMilliseconds()).With("v", definitionsVersion).With("o", owner).With("now", now.ToUnixTimeMilliseconds())
            .With("n", shards).With("b", settledBasis).With("d", onlyDue);
        return (long)(await ins.ExecuteScalarAsync(ct))!;
    }

    /// <summary>The shard the store's claim statement returned (shard, kind, first id, last id), or null: none left.</summary>
    public static async Task<ShardClaim?> ClaimedAsync(DbCommand claim, ClusterCycle cycle, string owner, CancellationToken ct)
    {
        await using var r = await claim.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? new ShardClaim(cycle.Id, r.GetInt32(0), r.GetInt32(1) == 1, r.GetString(2), r.GetString(3), owner, cycle) : null;
    }

    /// <summary>Marks the shard done if its claimer still holds it; false: it was taken over or is done already.</summary>
    public static async Task<bool> MarkDoneAsync(Func<string, DbCommand> command, ShardClaim shard, ShardOutcome outcome, DateTimeOffset now, CancellationToken ct)
    {
        using var done = command(MarkDoneSql)
            .With("now", now.ToUnixTimeMilliseconds()).With("e", outcome.Entities).With("a", outcome.ActionsQueued).With("t", outcome.Transitions)
            .With("c", shard.CycleId).With("s", shard.Shard).With("o", shard.Owner);
        return await done.ExecuteNonQueryAsync(ct) != 0;
    }

    /// <summary>
    /// Closes the cycle once every shard is done, inside the caller's transaction: <paramref name="closed"/> runs with
    /// the cycle's time before the outcomes are read, and <paramref name="commit"/> after. Null: shards are left, or the
    /// cycle was closed already (nothing is committed).
    /// </summary>
    public static async Task<IReadOnlyList<ShardOutcome>?> CloseAsync(
        Func<string, DbCommand> command, long cycleId, DateTimeOffset now, Func<long, Task> closed, Func<Task> commit, CancellationToken ct)
    {
        using (var left = command("SELECT count(*) FROM cluster_shards WHERE cycle_id = @c AND done_at IS NULL").With("c", cycleId))
        {
            if ((long)(await left.ExecuteScalarAsync(ct))! > 0)
            {
                return null;
            }
        }

        long asOf;
        using (var close = command("UPDATE cluster_cycles SET closed_at = @now, is_open = NULL WHERE id = @c AND is_open = 1 RETURNING as_of")
                   .With("now", now.ToUnixTimeMilliseconds()).With("c", cycleId))
        {
            if (await close.ExecuteScalarAsync(ct) is not long at)
            {
                return null;
            }

            asOf = at;
        }

        await closed(asOf);
        List<ShardOutcome> outcomes;
        using (var q = command("SELECT entities, actions, transitions FROM cluster_shards WHERE cycle_id = @c ORDER BY shard").With("c", cycleId))
        {
            outcomes = await StoreSql.ListAsync(q, r => new ShardOutcome(r.GetInt32(0), r.GetInt32(1), StoreSql.Str(r, 2) ?? ""), ct);
        }

        await commit();
        return outcomes;
    }
}
