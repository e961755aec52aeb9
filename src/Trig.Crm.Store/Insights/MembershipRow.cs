using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.Store.Insights;

/// <summary>An entity's membership in a definition, as stored (its latest run): what retention reads.</summary>
public readonly record struct MembershipRow(
    EntityKind EntityKind,
    string EntityId,
    string DefinitionKey,
    MembershipStatus Status,
    DateTimeOffset EnteredAt,
    DateTimeOffset? LastCompleted,
    DateTimeOffset? LastExited);
