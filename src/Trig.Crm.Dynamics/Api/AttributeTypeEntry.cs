using System.Text.Json.Serialization;

namespace Trig.Crm.Dynamics.Api;

/// <summary>A column's logical name and its <c>AttributeTypeCode</c> name (<c>Boolean</c>, <c>DateTime</c>, <c>Integer</c>, …).</summary>
internal sealed record AttributeTypeEntry(
    [property: JsonPropertyName("LogicalName")] string? LogicalName,
    [property: JsonPropertyName("AttributeType")] string? AttributeType);
