using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.HubSpot;

/// <summary>
/// Which HubSpot properties of one object type are pulled, under which attribute name and as which type,
/// and how a HubSpot value (always a string) becomes an <see cref="AttributeValue"/>.
/// </summary>
internal sealed class HubSpotPropertyMap
{
    private readonly Dictionary<string, (string Attribute, ValueKind Kind)> _byProperty = new(StringComparer.Ordinal);

    private HubSpotPropertyMap(string objectType)
    {
        ObjectType = objectType;
    }

    public string ObjectType { get; }

    /// <summary>The HubSpot properties to request (mapped ones; the caller adds its own technical ones).</summary>
    public IReadOnlyCollection<string> Properties => _byProperty.Keys;

    public static HubSpotPropertyMap Create(string objectType, string list, IReadOnlyDictionary<string, Dictionary<string, string>> mapping)
    {
        var map = new HubSpotPropertyMap(objectType);
        var types = mapping.TryGetValue(objectType, out var t) ? t : new Dictionary<string, string>();
        foreach (var entry in list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = entry.IndexOf(':', StringComparison.Ordinal);
            var (attribute, property) = colon > 0 ? (entry[..colon].Trim(), entry[(colon + 1)..].Trim()) : (entry, entry);
            map._byProperty[property] = (attribute, KindOf(types, property));
        }

        foreach (var (property, _) in types)
        {
            map._byProperty.TryAdd(property, (property, KindOf(types, property)));
        }

        return map;
    }

    /// <summary>Maps a record's properties to attributes; an empty value maps to <see cref="AttributeValue.None"/> (removal).</summary>
    public Dictionary<string, AttributeValue> ToAttributes(IReadOnlyDictionary<string, string?>? properties)
    {
        var attributes = new Dictionary<string, AttributeValue>(_byProperty.Count, StringComparer.Ordinal);
        if (properties is null)
        {
            return attributes;
        }

        foreach (var (property, (attribute, kind)) in _byProperty)
        {
            // A property absent from the response was not returned (unknown or not readable): leave the attribute alone.
            if (properties.TryGetValue(property, out var text) && Convert(text, kind) is { } value)
            {
                attributes[attribute] = value;
            }
        }

        return attributes;
    }

    /// <summary>
    /// Types a HubSpot value (always text, datetimes as ISO 8601 or epoch milliseconds) with the shared
    /// <see cref="AttributeTyper"/>: per the mapping when set, falling back to inference when it does not fit (a
    /// pull cannot refuse a CRM record); null, leaving the attribute alone, when not even inference takes it (1e400).
    /// </summary>
    public static AttributeValue? Convert(string? text, ValueKind kind)
    {
        var raw = AttributeTyper.Raw.OfText(text);
        if (AttributeTyper.TryType(raw, kind, out var typed, out _) || AttributeTyper.TryType(raw, ValueKind.None, out typed, out _))
        {
            return typed;
        }

        return null;
    }

    public static bool TryParseKind(string? text, out ValueKind kind)
    {
        kind = text?.Trim().ToLowerInvariant() switch
        {
            "string" or "text" => ValueKind.String,
            "number" => ValueKind.Number,
            "bool" or "boolean" => ValueKind.Bool,
            "datetime" or "date" => ValueKind.DateTime,
            "list" => ValueKind.List,
            _ => ValueKind.None,
        };
        return kind != ValueKind.None;
    }

    private static ValueKind KindOf(Dictionary<string, string> types, string property) =>
        types.TryGetValue(property, out var text) && TryParseKind(text, out var kind) ? kind : ValueKind.None;
}
