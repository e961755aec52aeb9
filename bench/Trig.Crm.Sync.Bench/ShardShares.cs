using Npgsql;

/// <summary>
/// Who worked a cycle's shards, from the store itself: a shard is committed only by the node holding its claim, so
/// <c>cluster_shards.owner</c> of a done shard is the node that evaluated it (its <c>ClusterNode</c> id), and
/// <c>entities</c> what it evaluated there.
/// </summary>
internal static class ShardShares
{
    /// <summary>One node's part of a cycle (<see cref="Node"/> null: an owner that is none of the bench's nodes, or no owner).</summary>
    internal sealed record Share(int? Node, string Owner, int Shards, long Entities);

    /// <summary>The id of the last cycle opened so far (0 for none): the next cycle's shards are those of later ids.</summary>
    public static async Task<long> LastCycleAsync(string connection)
    {
        await using var c = new NpgsqlConnection(connection);
        await c.OpenAsync();
        await using var q = new NpgsqlCommand("SELECT coalesce(max(id), 0) FROM cluster_cycles", c);
        return (long)(await q.ExecuteScalarAsync())!;
    }

    /// <summary>The shards of the cycles opened after <paramref name="after"/>, per owner, by node number.</summary>
    public static async Task<List<Share>> ReadAsync(string connection, long after, Func<string, int?> nodeOf)
    {
        await using var c = new NpgsqlConnection(connection);
        await c.OpenAsync();
        await using var q = new NpgsqlCommand(
            "SELECT coalesce(owner, ''), count(*)::int, coalesce(sum(entities), 0)::bigint FROM cluster_shards WHERE cycle_id > @after GROUP BY owner", c);
        q.Parameters.AddWithValue("after", after);
        var shares = new List<Share>();
        await using var r = await q.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            var owner = r.GetString(0);
            shares.Add(new Share(owner.Length == 0 ? null : nodeOf(owner), owner, r.GetInt32(1), r.GetInt64(2)));
        }

        return [.. shares.OrderBy(s => s.Node ?? int.MaxValue)];
    }

    /// <summary>
    /// Who opened the cycles after <paramref name="after"/>, by node number (null: none of the bench's nodes). Only node 1
    /// should: a node process opening one would be a scheduled cycle of its own inside the measurement.
    /// </summary>
    public static async Task<List<int?>> OpenersAsync(string connection, long after, Func<string, int?> nodeOf)
    {
        await using var c = new NpgsqlConnection(connection);
        await c.OpenAsync();
        await using var q = new NpgsqlCommand("SELECT opened_by FROM cluster_cycles WHERE id > @after ORDER BY id", c);
        q.Parameters.AddWithValue("after", after);
        var openers = new List<int?>();
        await using var r = await q.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            openers.Add(nodeOf(r.GetString(0)));
        }

        return openers;
    }

    /// <summary>One line: each node's shards and entities, then any shard no node of the bench worked.</summary>
    public static string Describe(IReadOnlyList<Share> shares) =>
        string.Join("; ", shares.Select(s => s.Node is { } n
            ? $"node {n} {s.Shards} ({s.Entities:N0} entities)"
            : s.Owner.Length == 0 ? $"{s.Shards} with no owner (done as the cycle opened)" : $"{s.Shards} by {s.Owner}, not a node of this bench ({s.Entities:N0} entities)"));

    /// <summary>Nodes 1…<paramref name="nodes"/>'s "shards (entities)" in columns of <paramref name="width"/>, then any other owner.</summary>
    public static string Columns(IReadOnlyList<Share> shares, int nodes, int width)
    {
        var cells = Enumerable.Range(1, nodes).Select(n => shares.FirstOrDefault(s => s.Node == n) is { } s ? $"{s.Shards} ({s.Entities:N0})" : "0");
        var others = shares.Where(s => s.Node is null).ToList();
        return string.Concat(cells.Select(c => c.PadRight(width))) + (others.Count == 0 ? "" : "other: " + Describe(others));
    }
}
