using System.Text.Json.Serialization;

namespace Trig.Crm.Dynamics.Api;

/// <summary>The <c>value</c> array of an <c>EntityDefinitions(…)/Attributes</c> read.</summary>
internal sealed record AttributeTypeList([property: JsonPropertyName("value")] IReadOnlyList<AttributeTypeEntry>? Value);
