using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.Store;

/// <summary>Read models for cards, the admin API and the sync summary.</summary>
public interface IReportingStore
{
    Task<IReadOnlyList<StoredTransition>> TransitionsForAsync(EntityKind kind, string id, int limit, CancellationToken cancellationToken);

    /// <summary>What a card needs, in one connection: the entity (attributes, memberships) and its last transitions.</summary>
    Task<(Lifecycle.Evaluation.EntityState Entity, IReadOnlyList<StoredTransition> Transitions)?> LoadCardDataAsync(EntityKind kind, string id, int transitions, CancellationToken cancellationToken);

    /// <summary>Metrics per definition, reading signals' ARR attributes from the definitions last synced by this store (none yet: no ARR at risk).</summary>
    Task<IReadOnlyList<DefinitionMetrics>> MetricsAsync(CancellationToken cancellationToken);

    /// <summary>Metrics per definition, with each signal's ARR at risk read through its <c>arr_attribute</c>.</summary>
    Task<IReadOnlyList<DefinitionMetrics>> MetricsAsync(Lifecycle.Definitions.DefinitionSet? definitions, CancellationToken cancellationToken);

    Task<IReadOnlyList<(DateTimeOffset At, string Actor, string Action, string Subject)>> AuditAsync(int limit, CancellationToken cancellationToken);
}
