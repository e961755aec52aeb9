using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.Lifecycle.Evaluation;

/// <summary>An attribute set by an <c>update_attribute</c> action.</summary>
public sealed record AttributeChange(EntityKind EntityKind, string EntityId, string Name, AttributeValue Value);
