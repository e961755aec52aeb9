using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.Store;

/// <summary>A product event to store. <see cref="MessageId"/> (Segment's) makes appends idempotent.</summary>
public sealed record EventRecord(
    EntityKind EntityKind,
    string EntityId,
    string Name,
    DateTimeOffset OccurredAt,
    DateTimeOffset ReceivedAt,
    string? MessageId = null,
    string? PropertiesJson = null,
    string? OrganisationId = null);
