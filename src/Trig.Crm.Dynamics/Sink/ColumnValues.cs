using System.Globalization;
using System.Text.Json.Nodes;
using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.Dynamics.Sink;

/// <summary>Turns a formatted metadata value into the JSON its column's type expects.</summary>
internal static class ColumnValues
{
    /// <summary>
    /// A value of a known type is written as that type; one that does not parse is sent as text so Dataverse
    /// refuses it with its own message. With no known type, <c>true</c>/<c>false</c> become booleans and the rest text.
    /// </summary>
    public static JsonNode? ToJson(ColumnType? type, string? value)
    {
        if (value is null)
        {
            return null;
        }

        return type switch
        {
            ColumnType.Bool or null when bool.TryParse(value, out var b) => JsonValue.Create(b),
            ColumnType.DateTime when AttributeValue.TryParseDateTime(value, out var d) => JsonValue.Create(AttributeValue.FormatDateTime(d)),
            ColumnType.Number when decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) => JsonValue.Create(n),
            _ => JsonValue.Create(value),
        };
    }
}
