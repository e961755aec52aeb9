using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.Lifecycle.Ports;

/// <summary>
/// One value to write to a CRM record. <paramref name="Value"/> is already formatted: bools as
/// <c>true</c>/<c>false</c>, datetimes as ISO 8601 UTC (<c>2026-01-31T09:00:00.000Z</c>), and null clears the value.
/// </summary>
public sealed record MetadataChange(EntityKind Kind, string EntityId, string Name, string? Value);
