using Npgsql;
using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Store.Reporting;

namespace Trig.Crm.Store.Postgres;

public sealed partial class PostgresStore
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

    private static Task<IReadOnlyList<StoredTransition>> TransitionsForAsync(NpgsqlConnection c, EntityKind kind, string id, int limit, CancellationToken cancellationToken) =>
        ReportReads.TransitionsForAsync(sql => Cmd(c, null, sql), kind, id, limit, cancellationToken);

    /// <summary>The definitions the last cycle synced (for signals' ARR attributes when a caller has none at hand).</summary>
    private volatile DefinitionSet? _lastDefinitions;

    public Task<IReadOnlyList<DefinitionMetrics>> MetricsAsync(CancellationToken cancellationToken) => MetricsAsync(_lastDefinitions, cancellationToken);

    public async Task<IReadOnlyList<DefinitionMetrics>> MetricsAsync(DefinitionSet? definitions, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        // Per definition that ever had an entry (none can have members otherwise), through (definition_key, status).
        return await ReportReads.MetricsAsync(sql => Cmd(c, null, sql),
            "SELECT t.definition_key, (SELECT COUNT(*)::int FROM memberships m WHERE m.definition_key = t.definition_key AND m.status = @a) FROM transition_totals t WHERE t.transition = 0",
            definitions, cancellationToken);
    }

    public async Task<IReadOnlyList<(DateTimeOffset At, string Actor, string Action, string Subject)>> AuditAsync(int limit, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        return await ReportReads.AuditAsync(sql => Cmd(c, null, sql), limit, cancellationToken);
    }
}
