using Microsoft.Data.Sqlite;
using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Store.Insights;

namespace Trig.Crm.Store.Sqlite;

/// <summary>The insights reads (on a read-only connection of their own) and the signal snapshots.</summary>
public sealed partial class SqliteStore
{
    /// <summary>
    /// A read-only connection (its own pool): in WAL mode it reads the last committed state while the cycle writes,
    /// and it can never take the write lock, so a long insights query cannot delay a commit.
    /// </summary>
    private async Task<SqliteConnection> OpenReadAsync(CancellationToken ct)
    {
        var b = new SqliteConnectionStringBuilder(_connectionString);
        if (b.Mode == SqliteOpenMode.Memory || b.DataSource == ":memory:")
        {
            return await OpenAsync(ct);
        }

        b.Mode = SqliteOpenMode.ReadOnly;
        var c = new SqliteConnection(b.ToString());
        await c.OpenAsync(ct);
        using var pragma = c.CreateCommand();
        pragma.CommandText = "PRAGMA busy_timeout = 10000;";
        await pragma.ExecuteNonQueryAsync(ct);
        return c;
    }

    /// <summary>Adds <c>$p0, $p1…</c> parameters for the values and returns the list for an <c>IN (…)</c>.</summary>
    private static string InList(SqliteCommand cmd, string prefix, IEnumerable<string> values)
    {
        var names = new List<string>();
        foreach (var v in values)
        {
            var n = $"${prefix}{names.Count}";
            cmd.Parameters.AddWithValue(n, v);
            names.Add(n);
        }

        return names.Count == 0 ? "NULL" : string.Join(", ", names);
    }

    public async Task<IReadOnlyList<MembershipRow>> MembershipRowsAsync(IReadOnlyCollection<string> definitionKeys, CancellationToken cancellationToken)
    {
        await using var c = await OpenReadAsync(cancellationToken);
        using var q = c.CreateCommand();
        q.CommandText = $"SELECT kind, entity_id, definition_key, status, entered_at, last_completed, last_exited FROM memberships WHERE definition_key IN ({InList(q, "d", definitionKeys)})";
        return await InsightRows.MembershipsAsync(q, cancellationToken);
    }

    public async Task<IReadOnlyList<string>> EntityIdsAsync(EntityKind kind, CancellationToken cancellationToken)
    {
        await using var c = await OpenReadAsync(cancellationToken);
        using var q = Cmd(c, null, "SELECT id FROM entities WHERE kind = $k ORDER BY id", ("$k", (int)kind));
        return await InsightRows.IdsAsync(q, cancellationToken);
    }

    public async Task<IReadOnlyList<TransitionRow>> TransitionRowsAsync(IReadOnlyCollection<string> definitionKeys, CancellationToken cancellationToken)
    {
        await using var c = await OpenReadAsync(cancellationToken);
        using var q = c.CreateCommand();
        q.CommandText = $"SELECT kind, entity_id, definition_key, transition, at, run, step FROM transitions WHERE definition_key IN ({InList(q, "d", definitionKeys)}) ORDER BY id";
        return await InsightRows.TransitionsAsync(q, cancellationToken);
    }

    public async Task<IReadOnlyList<TransitionRow>> TransitionRowsBetweenAsync(string definitionKey, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var c = await OpenReadAsync(cancellationToken);
        using var q = Cmd(c, null, "SELECT kind, entity_id, definition_key, transition, at, run, step FROM transitions WHERE definition_key = $d AND at >= $f AND at < $t ORDER BY id",
            ("$d", definitionKey), ("$f", Ms(from)), ("$t", Ms(to)));
        return await InsightRows.TransitionsAsync(q, cancellationToken);
    }

    public async Task UpsertSignalSnapshotAsync(SignalSnapshot snapshot, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        await InsightRows.UpsertSnapshotAsync(sql => Cmd(c, null, sql), snapshot, cancellationToken);
    }

    public async Task<IReadOnlyList<SignalSnapshot>> SignalSnapshotsAsync(string signalKey, CancellationToken cancellationToken)
    {
        await using var c = await OpenReadAsync(cancellationToken);
        using var q = Cmd(c, null, "SELECT day, members, arr_at_risk, entered, exited, taken_at FROM signal_snapshots WHERE signal_key = $k ORDER BY day", ("$k", signalKey));
        return await InsightRows.SnapshotsAsync(q, signalKey, cancellationToken);
    }

    public async Task<MembersPage> MembersAsync(string definitionKey, IReadOnlyList<string> attributes, int page, int pageSize, CancellationToken cancellationToken)
    {
        await using var c = await OpenReadAsync(cancellationToken);
        await using var tx = c.BeginTransaction(deferred: true); // one snapshot for count and page
        var total = await InsightRows.ActiveCountAsync(sql => Cmd(c, tx, sql), definitionKey, cancellationToken);
        List<(EntityKind Kind, string Id, DateTimeOffset EnteredAt)> members;
        using (var q = Cmd(c, tx, "SELECT kind, entity_id, entered_at FROM memberships WHERE definition_key = $d AND status = $a ORDER BY entity_id LIMIT $l OFFSET $o",
                   ("$d", definitionKey), ("$a", (int)MembershipStatus.Active), ("$l", pageSize), ("$o", (long)(page - 1) * pageSize)))
        {
            members = await InsightRows.MembersAsync(q, cancellationToken);
        }

        var values = new Dictionary<(string, string), string>();
        if (members.Count > 0 && attributes.Count > 0)
        {
            using var a = c.CreateCommand();
            a.Transaction = tx;
            a.CommandText = $"SELECT entity_id, name, value FROM attributes WHERE kind = $k AND entity_id IN ({InList(a, "e", members.Select(m => m.Id))}) AND name IN ({InList(a, "n", attributes)})";
            a.Parameters.AddWithValue("$k", (int)members[0].Kind);
            values = await InsightRows.ValuesAsync(a, cancellationToken);
        }

        return InsightRows.Page(total, page, pageSize, members, attributes, values);
    }
}
