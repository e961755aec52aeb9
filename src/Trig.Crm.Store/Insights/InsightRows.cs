using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Lifecycle.Model;
using static Trig.Crm.Store.StoreSql;

namespace Trig.Crm.Store.Insights;

/// <summary>
/// The insights rows as both stores map them, and the snapshot upsert (the same SQL in both). The queries stay with
/// each store where they differ: key lists go as arrays on PostgreSQL and as <c>IN</c> lists on SQLite, ids are
/// ordered with the "C" collation on PostgreSQL, and SQLite reads on a read-only connection of its own.
/// </summary>
internal static class InsightRows
{
    /// <summary>Rows of kind, entity_id, definition_key, status, entered_at, last_completed, last_exited.</summary>
    public static async Task<IReadOnlyList<MembershipRow>> MembershipsAsync(DbCommand q, CancellationToken ct) =>
        await ListAsync(q, r => new MembershipRow((EntityKind)r.GetInt32(0), r.GetString(1), r.GetString(2), (MembershipStatus)r.GetInt32(3), At(r.GetInt64(4)),
            r.IsDBNull(5) ? null : At(r.GetInt64(5)), r.IsDBNull(6) ? null : At(r.GetInt64(6))), ct);

    /// <summary>Rows of kind, entity_id, definition_key, transition, at, run, step.</summary>
    public static async Task<IReadOnlyList<TransitionRow>> TransitionsAsync(DbCommand q, CancellationToken ct) =>
        await ListAsync(q, r => new TransitionRow((EntityKind)r.GetInt32(0), r.GetString(1), r.GetString(2), (TransitionKind)r.GetInt32(3), At(r.GetInt64(4)), r.GetInt32(5), r.GetInt32(6)), ct);

    /// <summary>A one-column list of ids.</summary>
    public static async Task<IReadOnlyList<string>> IdsAsync(DbCommand q, CancellationToken ct) => await ListAsync(q, r => r.GetString(0), ct);

    private const string UpsertSnapshotSql = """
        INSERT INTO signal_snapshots (signal_key, day, members, arr_at_risk, entered, exited, taken_at) VALUES (@k, @d, @m, @a, @e, @x, @t)
        ON CONFLICT (signal_key, day) DO UPDATE SET members = excluded.members, arr_at_risk = excluded.arr_at_risk,
          entered = excluded.entered, exited = excluded.exited, taken_at = excluded.taken_at
        """;

    public static async Task UpsertSnapshotAsync(Func<string, DbCommand> command, SignalSnapshot snapshot, CancellationToken ct)
    {
        using var q = command(UpsertSnapshotSql)
            .With("k", snapshot.SignalKey).With("d", snapshot.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).With("m", snapshot.Members)
            .With("a", snapshot.ArrAtRisk).With("e", JsonSerializer.Serialize(snapshot.Entered, Sqlite.SqliteStore.Json))
            .With("x", JsonSerializer.Serialize(snapshot.Left, Sqlite.SqliteStore.Json)).With("t", snapshot.TakenAt.ToUnixTimeMilliseconds());
        await q.ExecuteNonQueryAsync(ct);
    }

    /// <summary>A signal's snapshots from the store's query (day, members, arr_at_risk, entered, exited, taken_at).</summary>
    public static async Task<IReadOnlyList<SignalSnapshot>> SnapshotsAsync(DbCommand q, string signalKey, CancellationToken ct) =>
        await ListAsync(q, r => new SignalSnapshot(signalKey, DateOnly.ParseExact(r.GetString(0), "yyyy-MM-dd", CultureInfo.InvariantCulture), r.GetInt32(1),
            r.IsDBNull(2) ? null : r.GetDouble(2), JsonSerializer.Deserialize<string[]>(r.GetString(3), Sqlite.SqliteStore.Json) ?? [],
            JsonSerializer.Deserialize<string[]>(r.GetString(4), Sqlite.SqliteStore.Json) ?? [], At(r.GetInt64(5))), ct);

    /// <summary>The active members of a definition, for a page's total.</summary>
    public static async Task<int> ActiveCountAsync(Func<string, DbCommand> command, string definitionKey, CancellationToken ct)
    {
        using var n = command("SELECT COUNT(*) FROM memberships WHERE definition_key = @d AND status = @a").With("d", definitionKey).With("a", (int)MembershipStatus.Active);
        return Convert.ToInt32(await n.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    /// <summary>A page's members from the store's query (kind, entity_id, entered_at).</summary>
    public static Task<List<(EntityKind Kind, string Id, DateTimeOffset EnteredAt)>> MembersAsync(DbCommand q, CancellationToken ct) =>
        ListAsync(q, r => ((EntityKind)r.GetInt32(0), r.GetString(1), At(r.GetInt64(2))), ct);

    /// <summary>The attribute values the store's query found (entity_id, name, value).</summary>
    public static async Task<Dictionary<(string Id, string Name), string>> ValuesAsync(DbCommand q, CancellationToken ct)
    {
        var values = new Dictionary<(string, string), string>();
        await using var r = await q.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            values[(r.GetString(0), r.GetString(1))] = r.GetString(2);
        }

        return values;
    }

    /// <summary>The page: each member with its values of <paramref name="attributes"/> (null where it has none).</summary>
    public static MembersPage Page(
        int total, int page, int pageSize, List<(EntityKind Kind, string Id, DateTimeOffset EnteredAt)> members, IReadOnlyList<string> attributes,
        Dictionary<(string Id, string Name), string> values)
    {
        var rows = members.Select(m => new MemberRow(m.Id, m.EnteredAt,
            attributes.ToDictionary(n => n, n => values.GetValueOrDefault((m.Id, n)), StringComparer.Ordinal))).ToList();
        return new MembersPage(total, page, pageSize, rows);
    }
}
