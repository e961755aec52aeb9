using System.Text.Json;
using System.Text.Json.Serialization;

namespace Trig.Crm.Worker.Endpoints;

/// <summary>
/// Writes NaN and ±infinity as JSON null (no value) instead of throwing: a stored attribute such as an ARR of 1e400
/// parses to infinity, and one odd record must not turn its card into a 500.
/// </summary>
internal sealed class NonFiniteAsNullConverter : JsonConverter<double>
{
    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
