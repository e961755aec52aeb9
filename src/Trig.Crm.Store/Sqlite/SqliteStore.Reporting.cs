using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Store.Reporting;

namespace Trig.Crm.Store.Sqlite;

public sealed partial class SqliteStore
{
    public async Task<IReadOnlyList<StoredTransition>> TransitionsForAsync(EntityKind kind, string id, int limit, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        return await TransitionsForAsync(c, kind, id, limit, cancellationToken);
    }

    public async Task<(EntityState Entity, IReadOnlyList<StoredTransition> Transitions)?> LoadCardDataAsync(EntityKind kind, string id, int transitions, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        var entity = await LoadEntityAsync(c, kind, id, cancellationToken);
        return entity is null ? null : (entity, await TransitionsForAsync(c, kind, id, transitions, cancellationToken));
    }

    private static async Task<IReadOnlyList<StoredTransition>> TransitionsForAsync(Microsoft.Data.Sqlite.SqliteConnection c, EntityKind kind, string id, int limit, CancellationToken cancellationToken)
    {
        using var q = Cmd(c, null, """
            SELECT id, kind, entity_id, definition_key, definition_kind, transition, at, version, reason, run, step
            FROM transitions WHERE kind = $k AND entity_id = $id ORDER BY id DESC LIMIT $l
            """, ("$k", (int)kind), ("$id", id), ("$l", limit));
        await using var r = await q.ExecuteReaderAsync(cancellationToken);
        var list = new List<StoredTransition>();
        while (await r.ReadAsync(cancellationToken))
        {
            list.Add(new StoredTransition(r.GetInt64(0), new Transition(
                (EntityKind)r.GetInt32(1), r.GetString(2), r.GetString(3), (DefinitionKind)r.GetInt32(4), (TransitionKind)r.GetInt32(5),
                At(r.GetInt64(6)), r.GetString(7), r.GetString(8), r.GetInt32(9), r.GetInt32(10))));
        }

        return list;
    }

    /// <summary>The definitions the last cycle synced (for signals' ARR attributes when a caller has none at hand).</summary>
    private volatile DefinitionSet? _lastDefinitions;

    public Task<IReadOnlyList<DefinitionMetrics>> MetricsAsync(CancellationToken cancellationToken) => MetricsAsync(_lastDefinitions, cancellationToken);

    public async Task<IReadOnlyList<DefinitionMetrics>> MetricsAsync(DefinitionSet? definitions, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        var (counts, durations) = await MetricTotals.ReadAsync(sql => Cmd(c, null, sql), cancellationToken);
        // Per definition that ever had an entry (none can have members otherwise), through (definition_key, status).
        var active = new Dictionary<string, int>(StringComparer.Ordinal);
        using (var q = Cmd(c, null, "SELECT t.definition_key, (SELECT COUNT(*) FROM memberships m WHERE m.definition_key = t.definition_key AND m.status = $a) FROM transition_totals t WHERE t.transition = 0", ("$a", (int)MembershipStatus.Active)))
        await using (var r = await q.ExecuteReaderAsync(cancellationToken))
        {
            while (await r.ReadAsync(cancellationToken))
            {
                active[r.GetString(0)] = r.GetInt32(1);
            }
        }

        return await DefinitionMetricsBuilder.BuildAsync(counts, active, durations, definitions, (key, arr) => ArrAtRiskAsync(c, key, arr, cancellationToken));
    }

    /// <summary>The sum of a signal's ARR attribute over the organisations it flags now (non-numbers count as 0).</summary>
    private static async Task<double> ArrAtRiskAsync(Microsoft.Data.Sqlite.SqliteConnection c, string signal, string arrAttribute, CancellationToken cancellationToken)
    {
        using var q = Cmd(c, null, """
            SELECT a.type, a.value FROM memberships m
            JOIN attributes a ON a.kind = m.kind AND a.entity_id = m.entity_id AND a.name = $n
            WHERE m.definition_key = $k AND m.status = $s
            """, ("$n", arrAttribute), ("$k", signal), ("$s", (int)MembershipStatus.Active));
        await using var r = await q.ExecuteReaderAsync(cancellationToken);
        var sum = 0d;
        while (await r.ReadAsync(cancellationToken))
        {
            if (AttributeValue.TryParse(r.GetString(1), (ValueKind)r.GetInt32(0), out var v) && v.Kind == ValueKind.Number)
            {
                sum += v.AsNumber;
            }
        }

        return sum;
    }

    public async Task<IReadOnlyList<(DateTimeOffset At, string Actor, string Action, string Subject)>> AuditAsync(int limit, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        using var q = Cmd(c, null, "SELECT at, actor, action, subject FROM audit ORDER BY id DESC LIMIT $l", ("$l", limit));
        await using var r = await q.ExecuteReaderAsync(cancellationToken);
        var list = new List<(DateTimeOffset, string, string, string)>();
        while (await r.ReadAsync(cancellationToken))
        {
            list.Add((At(r.GetInt64(0)), r.GetString(1), r.GetString(2), r.GetString(3)));
        }

        return list;
    }
}
