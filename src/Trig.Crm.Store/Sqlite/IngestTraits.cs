using System.Globalization;
using System.Text.Json;
using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.Store.Sqlite;

/// <summary>
/// The JSON a pending message's traits are kept as: <c>{"name": ["kind", "value"]}</c>, so typed values (and
/// removals) come back exactly as they were sent.
/// </summary>
internal static class IngestTraits
{
    public static string Format(IReadOnlyDictionary<string, AttributeValue> traits)
    {
        var d = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (name, value) in traits)
        {
            d[name] = [((int)value.Kind).ToString(CultureInfo.InvariantCulture), value.ToString()];
        }

        return JsonSerializer.Serialize(d);
    }

    public static Dictionary<string, AttributeValue> Parse(string json)
    {
        var d = new Dictionary<string, AttributeValue>(StringComparer.Ordinal);
        foreach (var (name, pair) in JsonSerializer.Deserialize<Dictionary<string, string[]>>(json) ?? [])
        {
            var kind = (ValueKind)int.Parse(pair[0], CultureInfo.InvariantCulture);
            d[name] = kind == ValueKind.None ? AttributeValue.None
                : AttributeValue.TryParse(pair[1], kind, out var v) ? v : AttributeValue.Of(pair[1]);
        }

        return d;
    }
}
