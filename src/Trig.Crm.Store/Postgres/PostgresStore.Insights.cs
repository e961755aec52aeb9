using System.Globalization;
using System.Text.Json;
using Npgsql;
using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Store.Insights;
using Trig.Crm.Store.Sqlite;

namespace Trig.Crm.Store.Postgres;

/// <summary>The insights reads and the signal snapshots (the SQLite store's twin; lists go as array parameters).</summary>
public sealed partial class PostgresStore
{
    public async Task<IReadOnlyList<MembershipRow>> MembershipRowsAsync(IReadOnlyCollection<string> definitionKeys, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        using var q = Cmd(c, null, "SELECT kind, entity_id, definition_key, status, entered_at, last_completed, last_exited FROM memberships WHERE definition_key = ANY(@d)",
            ("d", definitionKeys.ToArray()));
        await using var r = await q.ExecuteReaderAsync(cancellationToken);
        var list = new List<MembershipRow>();
        while (await r.ReadAsync(cancellationToken))
        {
            list.Add(new MembershipRow((EntityKind)r.GetInt32(0), r.GetString(1), r.GetString(2), (MembershipStatus)r.GetInt32(3), At(r.GetInt64(4)),
                Long(r, 5) is { } completed ? At(completed) : null, Long(r, 6) is { } exited ? At(exited) : null));
        }

        return list;
    }

    public async Task<IReadOnlyList<string>> EntityIdsAsync(EntityKind kind, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        using var q = Cmd(c, null, """SELECT id FROM entities WHERE kind = @k ORDER BY id COLLATE "C" """, ("k", (int)kind));
        await using var r = await q.ExecuteReaderAsync(cancellationToken);
        var list = new List<string>();
        while (await r.ReadAsync(cancellationToken))
        {
            list.Add(r.GetString(0));
        }

        return list;
    }

    public async Task<IReadOnlyList<TransitionRow>> TransitionRowsAsync(IReadOnlyCollection<string> definitionKeys, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        using var q = Cmd(c, null, "SELECT kind, entity_id, definition_key, transition, at, run, step FROM transitions WHERE definition_key = ANY(@d) ORDER BY id",
            ("d", definitionKeys.ToArray()));
        return await ReadTransitionRowsAsync(q, cancellationToken);
    }

    public async Task<IReadOnlyList<TransitionRow>> TransitionRowsBetweenAsync(string definitionKey, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        using var q = Cmd(c, null, "SELECT kind, entity_id, definition_key, transition, at, run, step FROM transitions WHERE definition_key = @d AND at >= @f AND at < @t ORDER BY id",
            ("d", definitionKey), ("f", Ms(from)), ("t", Ms(to)));
        return await ReadTransitionRowsAsync(q, cancellationToken);
    }

    private static async Task<IReadOnlyList<TransitionRow>> ReadTransitionRowsAsync(NpgsqlCommand q, CancellationToken ct)
    {
        await using var r = await q.ExecuteReaderAsync(ct);
        var list = new List<TransitionRow>();
        while (await r.ReadAsync(ct))
        {
            list.Add(new TransitionRow((EntityKind)r.GetInt32(0), r.GetString(1), r.GetString(2), (TransitionKind)r.GetInt32(3), At(r.GetInt64(4)), r.GetInt32(5), r.GetInt32(6)));
        }

        return list;
    }

    public async Task UpsertSignalSnapshotAsync(SignalSnapshot snapshot, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        using var q = Cmd(c, null, """
            INSERT INTO signal_snapshots (signal_key, day, members, arr_at_risk, entered, exited, taken_at) VALUES (@k, @d, @m, @a, @e, @x, @t)
            ON CONFLICT (signal_key, day) DO UPDATE SET members = excluded.members, arr_at_risk = excluded.arr_at_risk,
              entered = excluded.entered, exited = excluded.exited, taken_at = excluded.taken_at
            """, ("k", snapshot.SignalKey), ("d", snapshot.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ("m", snapshot.Members),
            ("a", snapshot.ArrAtRisk), ("e", JsonSerializer.Serialize(snapshot.Entered, SqliteStore.Json)), ("x", JsonSerializer.Serialize(snapshot.Left, SqliteStore.Json)),
            ("t", Ms(snapshot.TakenAt)));
        await q.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<SignalSnapshot>> SignalSnapshotsAsync(string signalKey, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        using var q = Cmd(c, null, """SELECT day, members, arr_at_risk, entered, exited, taken_at FROM signal_snapshots WHERE signal_key = @k ORDER BY day COLLATE "C" """, ("k", signalKey));
        await using var r = await q.ExecuteReaderAsync(cancellationToken);
        var list = new List<SignalSnapshot>();
        while (await r.ReadAsync(cancellationToken))
        {
            list.Add(new SignalSnapshot(signalKey, DateOnly.ParseExact(r.GetString(0), "yyyy-MM-dd", CultureInfo.InvariantCulture), r.GetInt32(1),
                r.IsDBNull(2) ? null : r.GetDouble(2), JsonSerializer.Deserialize<string[]>(r.GetString(3), SqliteStore.Json) ?? [],
                JsonSerializer.Deserialize<string[]>(r.GetString(4), SqliteStore.Json) ?? [], At(r.GetInt64(5))));
        }

        return list;
    }

    public async Task<MembersPage> MembersAsync(string definitionKey, IReadOnlyList<string> attributes, int page, int pageSize, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        // One snapshot for the count and the page.
        await using var tx = await c.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        int total;
        using (var n = Cmd(c, tx, "SELECT COUNT(*) FROM memberships WHERE definition_key = @d AND status = @a", ("d", definitionKey), ("a", (int)MembershipStatus.Active)))
        {
            total = Convert.ToInt32(await n.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        }

        var members = new List<(EntityKind Kind, string Id, DateTimeOffset EnteredAt)>();
        using (var q = Cmd(c, tx, """
                   SELECT kind, entity_id, entered_at FROM memberships WHERE definition_key = @d AND status = @a
                   ORDER BY entity_id COLLATE "C" LIMIT @l OFFSET @o
                   """, ("d", definitionKey), ("a", (int)MembershipStatus.Active), ("l", pageSize), ("o", (long)(page - 1) * pageSize)))
        await using (var r = await q.ExecuteReaderAsync(cancellationToken))
        {
            while (await r.ReadAsync(cancellationToken))
            {
                members.Add(((EntityKind)r.GetInt32(0), r.GetString(1), At(r.GetInt64(2))));
            }
        }

        var values = new Dictionary<(string, string), string>();
        if (members.Count > 0 && attributes.Count > 0)
        {
            using var a = Cmd(c, tx, "SELECT entity_id, name, value FROM attributes WHERE kind = @k AND entity_id = ANY(@e) AND name = ANY(@n)",
                ("k", (int)members[0].Kind), ("e", members.Select(m => m.Id).ToArray()), ("n", attributes.ToArray()));
            await using var r = await a.ExecuteReaderAsync(cancellationToken);
            while (await r.ReadAsync(cancellationToken))
            {
                values[(r.GetString(0), r.GetString(1))] = r.GetString(2);
            }
        }

        await tx.CommitAsync(cancellationToken);
        var rows = members.Select(m => new MemberRow(m.Id, m.EnteredAt,
            attributes.ToDictionary(n => n, n => values.GetValueOrDefault((m.Id, n)), StringComparer.Ordinal))).ToList();
        return new MembersPage(total, page, pageSize, rows);
    }
}
