using System.Text.Json.Serialization;

namespace Trig.Crm.HubSpot.Api;

/// <summary>A CRM record (spec schemas <c>SimplePublicObject</c> / <c>SimplePublicObjectWithAssociations</c>). All property values are strings.</summary>
internal sealed record SimplePublicObject(
    [property: JsonConverter(typeof(FlexibleStringConverter))] string Id,
    Dictionary<string, string?>? Properties,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt,
    bool Archived,
    string? ObjectWriteTraceId);
