using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.Lifecycle.Definitions.Loading;

/// <summary>What the first pass learns about a definition key: enough to check criteria that name it.</summary>
internal readonly record struct KeyEntry(DefinitionKind Kind, EntityKind Entity, string? Stage, SourceLocation Location);
