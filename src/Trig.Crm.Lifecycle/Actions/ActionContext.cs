using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.Lifecycle.Actions;

/// <summary>
/// Everything a handler needs to send one action: the row, the entity, its organisation (for a person) and,
/// for organisation-level emails, its people.
/// </summary>
public sealed record ActionContext(
    OutboxItem Item,
    EntitySnapshot Entity,
    EntitySnapshot? Organisation,
    IReadOnlyList<EntitySnapshot> People);
