using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.Store.Authoring;

/// <summary>An attribute the store holds: on which entity kind, with which stored type, on how many entities, and a few values.</summary>
public sealed record ObservedAttribute(EntityKind Entity, string Name, ValueKind Type, long Entities, IReadOnlyList<string> Examples);
