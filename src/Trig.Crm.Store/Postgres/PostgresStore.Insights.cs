using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Store.Insights;

namespace Trig.Crm.Store.Postgres;

/// <summary>The insights reads and the signal snapshots (the SQLite store's twin; lists go as array parameters).</summary>
public sealed partial class PostgresStore
{
    public async Task<IReadOnlyList<MembershipRow>> MembershipRowsAsync(IReadOnlyCollection<string> definitionKeys, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        using var q = Cmd(c, null, "SELECT kind, entity_id, definition_key, status, entered_at, last_completed, last_exited FROM memberships WHERE definition_key = ANY(@d)",
            ("d", definitionKeys.ToArray()));
        return await InsightRows.MembershipsAsync(q, cancellationToken);
    }

    public async Task<IReadOnlyList<string>> EntityIdsAsync(EntityKind kind, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        using var q = Cmd(c, null, """SELECT id FROM entities WHERE kind = @k ORDER BY id COLLATE "C" """, ("k", (int)kind));
        return await InsightRows.IdsAsync(q, cancellationToken);
    }

    public async Task<IReadOnlyList<TransitionRow>> TransitionRowsAsync(IReadOnlyCollection<string> definitionKeys, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        using var q = Cmd(c, null, "SELECT kind, entity_id, definition_key, transition, at, run, step FROM transitions WHERE definition_key = ANY(@d) ORDER BY id",
            ("d", definitionKeys.ToArray()));
        return await InsightRows.TransitionsAsync(q, cancellationToken);
    }

    public async Task<IReadOnlyList<TransitionRow>> TransitionRowsBetweenAsync(string definitionKey, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        using var q = Cmd(c, null, "SELECT kind, entity_id, definition_key, transition, at, run, step FROM transitions WHERE definition_key = @d AND at >= @f AND at < @t ORDER BY id",
            ("d", definitionKey), ("f", Ms(from)), ("t", Ms(to)));
        return await InsightRows.TransitionsAsync(q, cancellationToken);
    }

    public async Task UpsertSignalSnapshotAsync(SignalSnapshot snapshot, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        await InsightRows.UpsertSnapshotAsync(sql => Cmd(c, null, sql), snapshot, cancellationToken);
    }

    public async Task<IReadOnlyList<SignalSnapshot>> SignalSnapshotsAsync(string signalKey, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        using var q = Cmd(c, null, """SELECT day, members, arr_at_risk, entered, exited, taken_at FROM signal_snapshots WHERE signal_key = @k ORDER BY day COLLATE "C" """, ("k", signalKey));
        return await InsightRows.SnapshotsAsync(q, signalKey, cancellationToken);
    }

    public async Task<MembersPage> MembersAsync(string definitionKey, IReadOnlyList<string> attributes, int page, int pageSize, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        // One snapshot for the count and the page.
        await using var tx = await c.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        var total = await InsightRows.ActiveCountAsync(sql => Cmd(c, tx, sql), definitionKey, cancellationToken);
        List<(EntityKind Kind, string Id, DateTimeOffset EnteredAt)> members;
        using (var q = Cmd(c, tx, """
                   SELECT kind, entity_id, entered_at FROM memberships WHERE definition_key = @d AND status = @a
                   ORDER BY entity_id COLLATE "C" LIMIT @l OFFSET @o
                   """, ("d", definitionKey), ("a", (int)MembershipStatus.Active), ("l", pageSize), ("o", (long)(page - 1) * pageSize)))
        {
            members = await InsightRows.MembersAsync(q, cancellationToken);
        }

        var values = new Dictionary<(string, string), string>();
        if (members.Count > 0 && attributes.Count > 0)
        {
            using var a = Cmd(c, tx, "SELECT entity_id, name, value FROM attributes WHERE kind = @k AND entity_id = ANY(@e) AND name = ANY(@n)",
                ("k", (int)members[0].Kind), ("e", members.Select(m => m.Id).ToArray()), ("n", attributes.ToArray()));
            values = await InsightRows.ValuesAsync(a, cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
        return InsightRows.Page(total, page, pageSize, members, attributes, values);
    }
}
