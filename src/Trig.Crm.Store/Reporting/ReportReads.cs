using System.Data.Common;
using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Lifecycle.Model;
using static Trig.Crm.Store.StoreSql;

namespace Trig.Crm.Store.Reporting;

/// <summary>
/// The reporting reads both stores run with the same SQL: an entity's transitions, the metrics (but the count of
/// active members per definition, whose SQL is the store's), the ARR at risk and the audit list.
/// </summary>
internal static class ReportReads
{
    private const string TransitionsSql = """
        SELECT id, kind, entity_id, definition_key, definition_kind, transition, at, version, reason, run, step
        FROM transitions WHERE kind = @k AND entity_id = @id ORDER BY id DESC LIMIT @l
        """;

    private const string ArrAtRiskSql = """
        SELECT a.type, a.value FROM memberships m
        JOIN attributes a ON a.kind = m.kind AND a.entity_id = m.entity_id AND a.name = @n
        WHERE m.definition_key = @k AND m.status = @s
        """;

    private const string AuditSql = "SELECT at, actor, action, subject FROM audit ORDER BY id DESC LIMIT @l";

    public static async Task<IReadOnlyList<StoredTransition>> TransitionsForAsync(
        Func<string, DbCommand> command, EntityKind kind, string id, int limit, CancellationToken ct)
    {
        using var q = command(TransitionsSql).With("k", (int)kind).With("id", id).With("l", limit);
        return await ListAsync(q, r => new StoredTransition(r.GetInt64(0), new Transition(
            (EntityKind)r.GetInt32(1), r.GetString(2), r.GetString(3), (DefinitionKind)r.GetInt32(4), (TransitionKind)r.GetInt32(5),
            At(r.GetInt64(6)), r.GetString(7), r.GetString(8), r.GetInt32(9), r.GetInt32(10))), ct);
    }

    /// <summary>
    /// The metrics from the kept totals; <paramref name="activeSql"/> counts the active members per definition that
    /// ever had an entry (parameter <c>a</c>: the active status), as (key, int count) rows.
    /// </summary>
    public static async Task<IReadOnlyList<DefinitionMetrics>> MetricsAsync(
        Func<string, DbCommand> command, string activeSql, DefinitionSet? definitions, CancellationToken ct)
    {
        var (counts, durations) = await MetricTotals.ReadAsync(command, ct);
        var active = new Dictionary<string, int>(StringComparer.Ordinal);
        using (var q = command(activeSql).With("a", (int)MembershipStatus.Active))
        await using (var r = await q.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                active[r.GetString(0)] = r.GetInt32(1);
            }
        }

        return await DefinitionMetricsBuilder.BuildAsync(counts, active, durations, definitions, (key, arr) => ArrAtRiskAsync(command, key, arr, ct));
    }

    /// <summary>The sum of a signal's ARR attribute over the organisations it flags now (non-numbers count as 0).</summary>
    private static async Task<double> ArrAtRiskAsync(Func<string, DbCommand> command, string signal, string arrAttribute, CancellationToken ct)
    {
        using var q = command(ArrAtRiskSql).With("n", arrAttribute).With("k", signal).With("s", (int)MembershipStatus.Active);
        await using var r = await q.ExecuteReaderAsync(ct);
        var sum = 0d;
        while (await r.ReadAsync(ct))
        {
            if (AttributeValue.TryParse(r.GetString(1), (ValueKind)r.GetInt32(0), out var v) && v.Kind == ValueKind.Number)
            {
                sum += v.AsNumber;
            }
        }

        return sum;
    }

    public static async Task<IReadOnlyList<(DateTimeOffset At, string Actor, string Action, string Subject)>> AuditAsync(
        Func<string, DbCommand> command, int limit, CancellationToken ct)
    {
        using var q = command(AuditSql).With("l", limit);
        return await ListAsync(q, r => (At(r.GetInt64(0)), r.GetString(1), r.GetString(2), r.GetString(3)), ct);
    }
}
