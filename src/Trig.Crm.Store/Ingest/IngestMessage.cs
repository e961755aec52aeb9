using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.Store.Ingest;

/// <summary>
/// One validated Segment message. <see cref="Traits"/> are already typed (a <see cref="AttributeValue.None"/> value
/// removes the attribute); <see cref="PropertiesJson"/> is a track's properties object as JSON.
/// </summary>
public sealed record IngestMessage(
    IngestType Type,
    string MessageId,
    string? UserId,
    string? AnonymousId,
    string? GroupId,
    string? Event,
    IReadOnlyDictionary<string, AttributeValue>? Traits,
    string? PropertiesJson,
    DateTimeOffset Timestamp,
    DateTimeOffset ReceivedAt);
