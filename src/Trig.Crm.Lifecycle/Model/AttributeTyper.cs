using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Trig.Crm.Lifecycle.Model;

/// <summary>
/// The one place where a raw value from a source (CSV cell, HubSpot property, Dataverse column, Segment trait,
/// warehouse column) becomes an <see cref="AttributeValue"/>. Pure: no I/O, no clock, no culture.
/// <para>
/// With a declared kind (the schema's), the value must fit it losslessly or the typer says why not. Undeclared
/// values follow one rule: <b>keep the source's own type</b>. A JSON/SQL number, bool or list stays one; a typed
/// string (JSON, SQL) stays a string unless it is an ISO 8601 datetime; untyped text (CSV, HubSpot, which send
/// everything as text) is a number when it has number syntax, <c>true</c>/<c>false</c> (any case) a bool, an
/// ISO 8601 datetime a datetime, else a string. Empty text is no value (the attribute is removed).
/// </para>
/// <para>
/// Refused: non-finite numbers (<c>1e400</c>, <c>NaN</c>, <c>Infinity</c>), datetimes that are neither ISO 8601
/// (<c>YYYY-MM-DD</c>, optionally <c>THH:mm[:ss[.fff]]</c> and <c>Z</c> or an offset; UTC without one) nor epoch
/// milliseconds (US dates, prose, bare times), and datetimes outside <see cref="DateTimeOffset"/>'s range.
/// </para>
/// </summary>
public static partial class AttributeTyper
{
    public const string NotANumber = "not a number";
    public const string NotFinite = "not finite";
    public const string NotABool = "not true or false";
    public const string NotADateTime = "not an ISO 8601 datetime or epoch milliseconds";
    public const string OutOfRange = "out of range";

    private static readonly long MaxEpochMs = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    /// <summary>What a raw value is, as the source hands it over (before any typing).</summary>
    public enum RawKind
    {
        /// <summary>No value (JSON null, SQL NULL): the attribute is removed.</summary>
        Null,

        /// <summary>Untyped text (CSV cell, HubSpot property): undeclared, its type is inferred.</summary>
        Text,

        /// <summary>A typed string (JSON string, SQL text): undeclared, it stays a string unless ISO 8601.</summary>
        String,

        /// <summary>A number in its invariant text form (JSON number's raw text, SQL numeric).</summary>
        Number,

        Bool,

        DateTime,

        List,

        /// <summary>A JSON object, carried as its raw JSON text.</summary>
        Object,
    }

    /// <summary>A raw value: small, so that each source can build one at its edge without allocating much.</summary>
    public readonly record struct Raw(RawKind Kind, string? Text = null, bool Bool = false, DateTimeOffset Time = default, IReadOnlyList<string>? Items = null)
    {
        public static Raw Null => new(RawKind.Null);

        public static Raw OfText(string? text) => text is null ? Null : new(RawKind.Text, text);

        public static Raw OfString(string? text) => text is null ? Null : new(RawKind.String, text);

        /// <summary>A number as text (invariant culture), e.g. a JSON number's raw text, so 1e400 can be refused.</summary>
        public static Raw OfNumber(string text) => new(RawKind.Number, text);

        public static Raw OfBool(bool value) => new(RawKind.Bool, Bool: value);

        public static Raw OfDateTime(DateTimeOffset value) => new(RawKind.DateTime, Time: value);

        public static Raw OfList(IReadOnlyList<string> items) => new(RawKind.List, Items: items);

        public static Raw OfObject(string json) => new(RawKind.Object, json);

        /// <summary>A JSON value as it stands: its strings must be valid UTF-16 (the caller checks untrusted input).</summary>
        public static Raw FromJson(JsonElement value) => value.ValueKind switch
        {
            JsonValueKind.String => OfString(value.GetString()),
            JsonValueKind.Number => OfNumber(value.GetRawText()),
            JsonValueKind.True => OfBool(true),
            JsonValueKind.False => OfBool(false),
            JsonValueKind.Array => OfList([.. value.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String ? x.GetString()! : x.GetRawText())]),
            JsonValueKind.Object => OfObject(value.GetRawText()),
            _ => Null,
        };
    }

    /// <summary>
    /// Types <paramref name="raw"/> as <paramref name="declared"/> (<see cref="ValueKind.None"/>: undeclared, the
    /// rule above). Returns false with <paramref name="error"/> (e.g. "not a number") when the value does not fit.
    /// </summary>
    public static bool TryType(Raw raw, ValueKind declared, out AttributeValue value, out string? error)
    {
        value = AttributeValue.None;
        error = null;
        if (raw.Kind == RawKind.Null || (raw.Kind is RawKind.Text or RawKind.String && string.IsNullOrEmpty(raw.Text)))
        {
            return true;
        }

        error = declared switch
        {
            ValueKind.String => AsString(raw, out value),
            ValueKind.Number => AsNumber(raw, out value),
            ValueKind.Bool => AsBool(raw, out value),
            ValueKind.DateTime => AsDateTime(raw, out value),
            ValueKind.List => AsList(raw, out value),
            _ => Undeclared(raw, out value),
        };
        return error is null;
    }

    /// <summary>Strict ISO 8601 (see the class summary), UTC when no offset is given; no US dates, prose or bare times.</summary>
    public static bool TryParseIso8601(string? text, out DateTimeOffset value)
    {
        value = default;
        return text is not null
            && Iso8601().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
    }

    /// <summary>ISO 8601 or epoch milliseconds; null when it is neither, with the reason.</summary>
    public static string? TryParseDateTime(string text, out DateTimeOffset value)
    {
        if (TryParseIso8601(text, out value))
        {
            return null;
        }

        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
        {
            // All digits, but more than a long holds: an epoch far out of range rather than a malformed date.
            return text.Length > 0 && text.All(char.IsAsciiDigit) ? OutOfRange : NotADateTime;
        }

        return FromEpochMs(ms, out value);
    }

    private static string? FromEpochMs(long ms, out DateTimeOffset value)
    {
        value = default;
        if (ms < 0 || ms > MaxEpochMs)
        {
            return OutOfRange;
        }

        value = DateTimeOffset.FromUnixTimeMilliseconds(ms);
        return null;
    }

    private static string? Undeclared(Raw raw, out AttributeValue value)
    {
        value = AttributeValue.None;
        switch (raw.Kind)
        {
            case RawKind.Text:
                return InferText(raw.Text!, out value);
            case RawKind.String:
                value = TryParseIso8601(raw.Text, out var d) ? AttributeValue.Of(d) : AttributeValue.Of(raw.Text!);
                return null;
            case RawKind.Object:
                value = AttributeValue.Of(raw.Text!);
                return null;
            case RawKind.Number:
                return AsNumber(raw, out value);
            case RawKind.Bool:
                return AsBool(raw, out value);
            case RawKind.DateTime:
                return AsDateTime(raw, out value);
            default:
                return AsList(raw, out value);
        }
    }

    private static string? InferText(string text, out AttributeValue value)
    {
        value = AttributeValue.None;
        if (NumberSyntax().IsMatch(text))
        {
            return ParseNumber(text, out value);
        }

        if (text.Equals("true", StringComparison.OrdinalIgnoreCase) || text.Equals("false", StringComparison.OrdinalIgnoreCase))
        {
            value = AttributeValue.Of(text.Length == 4);
            return null;
        }

        value = TryParseIso8601(text, out var d) ? AttributeValue.Of(d) : AttributeValue.Of(text);
        return null;
    }

    private static string? AsString(Raw raw, out AttributeValue value)
    {
        value = raw.Kind switch
        {
            RawKind.Bool => AttributeValue.Of(raw.Bool ? "true" : "false"),
            RawKind.DateTime => AttributeValue.Of(AttributeValue.FormatDateTime(raw.Time)),
            RawKind.List => AttributeValue.None,
            _ => AttributeValue.Of(raw.Text!),
        };
        return raw.Kind == RawKind.List ? "a list, not a string" : null;
    }

    private static string? AsNumber(Raw raw, out AttributeValue value)
    {
        value = AttributeValue.None;
        return raw.Kind is RawKind.Text or RawKind.String or RawKind.Number ? ParseNumber(raw.Text!, out value) : NotANumber;
    }

    private static string? ParseNumber(string text, out AttributeValue value)
    {
        value = AttributeValue.None;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n))
        {
            return NotANumber;
        }

        // double.TryParse reads 1e400 as Infinity and accepts "NaN": neither can be compared or stored faithfully.
        if (!double.IsFinite(n))
        {
            return NotFinite;
        }

        value = AttributeValue.Of(n);
        return null;
    }

    private static string? AsBool(Raw raw, out AttributeValue value)
    {
        value = AttributeValue.None;
        if (raw.Kind == RawKind.Bool)
        {
            value = AttributeValue.Of(raw.Bool);
            return null;
        }

        if (raw.Kind is RawKind.Text or RawKind.String && bool.TryParse(raw.Text, out var b))
        {
            value = AttributeValue.Of(b);
            return null;
        }

        return NotABool;
    }

    private static string? AsDateTime(Raw raw, out AttributeValue value)
    {
        value = AttributeValue.None;
        var d = raw.Time;
        var error = raw.Kind switch
        {
            RawKind.DateTime => null,
            RawKind.Text or RawKind.String => TryParseDateTime(raw.Text!, out d),
            RawKind.Number => EpochFromNumber(raw.Text!, out d),
            _ => NotADateTime,
        };
        if (error is null)
        {
            value = AttributeValue.Of(d);
        }

        return error;
    }

    private static string? EpochFromNumber(string text, out DateTimeOffset value)
    {
        value = default;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) || !double.IsFinite(n) || n != Math.Floor(n))
        {
            return NotADateTime;
        }

        return n < 0 || n > MaxEpochMs ? OutOfRange : FromEpochMs((long)n, out value);
    }

    private static string? AsList(Raw raw, out AttributeValue value)
    {
        value = AttributeValue.None;
        switch (raw.Kind)
        {
            case RawKind.List:
                value = AttributeValue.Of(raw.Items!);
                return null;
            case RawKind.Text or RawKind.String:
                value = AttributeValue.Of(raw.Text!.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
                return null;
            default:
                return "not a list";
        }
    }

    // Number syntax for inference (JSON's, with an optional '+'): "NaN", "Infinity", "1,000" or "0x1F" stay text.
    [GeneratedRegex(@"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberSyntax();

    // YYYY-MM-DD, optionally a time (T or space, as RFC 3339 allows) with seconds, a fraction and Z or an offset.
    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,7})?)?(Z|z|[+-][0-9]{2}:?[0-9]{2})?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Iso8601();
}
