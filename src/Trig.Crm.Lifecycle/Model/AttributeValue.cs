using System.Globalization;

namespace Trig.Crm.Lifecycle.Model;

/// <summary>
/// A typed attribute value: string, number, bool, datetime (UTC) or list of strings.
/// A compact struct (16 bytes), because a million-organisation evaluation holds tens of millions of them: the kind
/// is not a field of its own but told by the reference, which is the string, the list, or a shared tag for the
/// kinds whose payload is the 64 bits (a separate kind field would pad the struct to 24 bytes).
/// </summary>
public readonly struct AttributeValue : IEquatable<AttributeValue>
{
    private static readonly KindTag NumberTag = new(ValueKind.Number);
    private static readonly KindTag BoolTag = new(ValueKind.Bool);
    private static readonly KindTag DateTimeTag = new(ValueKind.DateTime);

    private readonly long _bits;
    private readonly object? _ref;

    private AttributeValue(long bits, object? reference)
    {
        _bits = bits;
        _ref = reference;
    }

    /// <summary>The 64-bit payload of a number, bool or datetime (how a column stores it without the reference).</summary>
    internal long Bits => _bits;

    /// <summary>The string or the list of a string or list value (null for the other kinds).</summary>
    internal object? Reference => _ref is KindTag ? null : _ref;

    public ValueKind Kind => _ref switch
    {
        null => ValueKind.None,
        string => ValueKind.String,
        KindTag t => t.Kind,
        _ => ValueKind.List,
    };

    public bool IsNone => _ref is null;

    public static AttributeValue None => default;

    /// <summary>A string value; a null string is no value (the kind lives in the reference, so it cannot be kept).</summary>
    public static AttributeValue Of(string? value) => new(0, value);

    public static AttributeValue Of(double value) => new(BitConverter.DoubleToInt64Bits(value), NumberTag);

    public static AttributeValue Of(bool value) => new(value ? 1 : 0, BoolTag);

    public static AttributeValue Of(DateTimeOffset value) => new(value.UtcTicks, DateTimeTag);

    public static AttributeValue Of(IReadOnlyList<string> value) => new(0, value.ToArray());

    /// <summary>A number, bool or datetime from its kind and its 64-bit payload (see <see cref="Bits"/>).</summary>
    internal static AttributeValue FromBits(ValueKind kind, long bits) => kind switch
    {
        ValueKind.Number => new(bits, NumberTag),
        ValueKind.Bool => new(bits, BoolTag),
        ValueKind.DateTime => new(bits, DateTimeTag),
        _ => default,
    };

    /// <summary>A string or list value from its reference (see <see cref="Reference"/>).</summary>
    internal static AttributeValue FromReference(object? reference) => new(0, reference);

    public string AsString => _ref as string ?? ToString();

    public double AsNumber => ReferenceEquals(_ref, NumberTag) ? BitConverter.Int64BitsToDouble(_bits) : double.NaN;

    public bool AsBool => ReferenceEquals(_ref, BoolTag) && _bits != 0;

    public DateTimeOffset AsDateTime => ReferenceEquals(_ref, DateTimeTag) ? new DateTimeOffset(_bits, TimeSpan.Zero) : default;

    public IReadOnlyList<string> AsList => Kind == ValueKind.List ? (string[])_ref! : Kind == ValueKind.None ? [] : [AsString];

    /// <summary>
    /// Parses text into a value. With a hint, the text must have that type (returns false otherwise);
    /// without one, the type is inferred: number, true/false, ISO 8601 datetime, else string.
    /// An empty string is no value.
    /// </summary>
    public static bool TryParse(string? text, ValueKind hint, out AttributeValue value)
    {
        value = None;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        switch (hint)
        {
            case ValueKind.String:
                value = Of(text);
                return true;
            case ValueKind.Number:
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n))
                {
                    value = Of(n);
                    return true;
                }

                return false;
            case ValueKind.Bool:
                if (bool.TryParse(text, out var b))
                {
                    value = Of(b);
                    return true;
                }

                return false;
            case ValueKind.DateTime:
                if (TryParseDateTime(text, out var d))
                {
                    value = Of(d);
                    return true;
                }

                return false;
            case ValueKind.List:
                value = Of(text.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
                return true;
            default:
                value = Infer(text);
                return true;
        }
    }

    /// <summary>Infers the type of a text value: number, true/false, ISO 8601 datetime, else string.</summary>
    public static AttributeValue Infer(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return None;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && !text.Contains(':', StringComparison.Ordinal))
        {
            return Of(n);
        }

        if (text.Equals("true", StringComparison.OrdinalIgnoreCase) || text.Equals("false", StringComparison.OrdinalIgnoreCase))
        {
            return Of(text.Equals("true", StringComparison.OrdinalIgnoreCase));
        }

        if (text.Length >= 10 && char.IsDigit(text[0]) && text[4] == '-' && TryParseDateTime(text, out var d))
        {
            return Of(d);
        }

        return Of(text);
    }

    /// <summary>ISO 8601 (assumed UTC without an offset) or epoch milliseconds, as CRMs send datetimes.</summary>
    public static bool TryParseDateTime(string text, out DateTimeOffset value)
    {
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value))
        {
            return true;
        }

        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) && ms > 0)
        {
            value = DateTimeOffset.FromUnixTimeMilliseconds(ms);
            return true;
        }

        return false;
    }

    /// <summary>The canonical text form: what is stored and what is written to a CRM.</summary>
    public override string ToString() => Kind switch
    {
        ValueKind.None => string.Empty,
        ValueKind.String => (string)_ref!,
        ValueKind.Number => AsNumber.ToString("R", CultureInfo.InvariantCulture),
        ValueKind.Bool => AsBool ? "true" : "false",
        ValueKind.DateTime => FormatDateTime(AsDateTime),
        ValueKind.List => string.Join(';', (string[])_ref!),
        _ => string.Empty,
    };

    public static string FormatDateTime(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public bool Equals(AttributeValue other)
    {
        if (Kind != other.Kind)
        {
            return false;
        }

        return Kind switch
        {
            ValueKind.String => string.Equals((string)_ref!, (string)other._ref!, StringComparison.Ordinal),
            ValueKind.List => ((string[])_ref!).AsSpan().SequenceEqual((string[])other._ref!),
            _ => _bits == other._bits,
        };
    }

    public override bool Equals(object? obj) => obj is AttributeValue v && Equals(v);

    public override int GetHashCode() => HashCode.Combine(Kind, _bits, Kind == ValueKind.String ? _ref : null);

    public static bool operator ==(AttributeValue left, AttributeValue right) => left.Equals(right);

    public static bool operator !=(AttributeValue left, AttributeValue right) => !left.Equals(right);

    /// <summary>Tells the kind of a value whose payload is its 64 bits; one shared instance per kind.</summary>
    private sealed class KindTag(ValueKind kind)
    {
        public ValueKind Kind { get; } = kind;
    }
}
