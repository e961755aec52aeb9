using System.Globalization;
using System.Text;

namespace Trig.Crm.Worker.Tests.Fuzz;

/// <summary>
/// Hostile pieces of JSON as raw bytes (so they can hold invalid UTF-8), each marked with whether a service that
/// accepted it would have stored something invalid.
/// </summary>
internal static class HostileValues
{
    /// <summary>A JSON value (as bytes) and whether it is invalid wherever it appears.</summary>
    public readonly record struct Piece(byte[] Bytes, bool Invalid, string Label);

    private static Piece P(string json, bool invalid, string label) => new(Encoding.UTF8.GetBytes(json), invalid, label);

    private static readonly Piece[] Fixed =
    [
        P("1e400", true, "1e400"),
        P("-1e400", true, "-1e400"),
        P("NaN", true, "bare NaN"),
        P("Infinity", true, "bare Infinity"),
        P("9223372036854775808", false, "long overflow"),
        P("-9223372036854775809", false, "long underflow"),
        P("1.7976931348623157e308", false, "double max"),
        P("4.9e-324", false, "double min"),
        P("\"\\uD800\"", true, "lone high surrogate"),
        P("\"x\\uDC00\"", true, "lone low surrogate"),
        P("\"11/30/2026\"", false, "US date"),
        P("\"Monday\"", false, "prose date"),
        P("\"09:30\"", false, "bare time"),
        P("\"0001-01-01T00:00:00Z\"", false, "min date"),
        P("\"9999-12-31T23:59:59.9999999+14:00\"", false, "max date with offset"),
        P("\"-0001-01-01\"", false, "year before 1"),
        P("253402300800000", false, "epoch ms after 9999"),
        P("-62135596800001", false, "epoch ms before year 1"),
        P("9223372036854775807", false, "long max"),
        P("true", false, "true"),
        P("null", false, "null"),
        P("[]", false, "empty array"),
        P("{}", false, "empty object"),
        P("\"\"", false, "empty string"),
        P("\"\\u0000\"", false, "NUL"),
        P("\"" + new string('x', 20_000) + "\"", false, "20k string"),
        P(new string('[', 300) + new string(']', 300), false, "300-deep array"),
        P(new string('[', 5000), true, "5000-deep unclosed"),
        P("\"NaN\"", false, "NaN text"),
        P("\"Infinity\"", false, "Infinity text"),
        P("\"1e400\"", false, "1e400 text"),
        P("[1,2", true, "unclosed array"),
        P("{\"a\":", true, "unclosed object"),
        P("\"unterminated", true, "unterminated string"),
        P("'single'", true, "single quotes"),
        P("0x1F", true, "hex number"),
        P("01", true, "leading zero"),
        P("1.", true, "trailing dot"),
        P("-", true, "lone minus"),
    ];

    public static Piece Any(Random r) => r.Next(6) switch
    {
        0 => InvalidUtf8String(r),
        1 => RandomUnicodeString(r),
        2 => RandomBytes(r),
        _ => Fixed[r.Next(Fixed.Length)],
    };

    public static Piece InvalidUtf8String(Random r)
    {
        byte[][] bad = [[0xC3, 0x28], [0xFF], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xC0, 0xAF], [0xE2, 0x82]];
        return new Piece([(byte)'"', (byte)'a', .. bad[r.Next(bad.Length)], (byte)'"'], true, "invalid UTF-8");
    }

    public static Piece RandomUnicodeString(Random r)
    {
        var sb = new StringBuilder("\"");
        var n = r.Next(1, 40);
        for (var i = 0; i < n; i++)
        {
            var c = r.Next(5) switch
            {
                0 => (char)r.Next(0x20, 0x7F),
                1 => (char)r.Next(0xA0, 0x2FFF),
                2 => (char)r.Next(0x4E00, 0x9FFF),
                3 => '\\',
                _ => (char)r.Next(0x20, 0x7F),
            };
            if (c is '"' or '\\')
            {
                sb.Append('\\');
            }

            sb.Append(c);
        }

        return P(sb.Append('"').ToString(), false, "unicode string");
    }

    public static Piece RandomBytes(Random r)
    {
        // Led by a byte that is never UTF-8, so the piece can never happen to be valid JSON.
        var bytes = new byte[r.Next(1, 64)];
        r.NextBytes(bytes);
        bytes[0] = 0xFF;
        return new Piece(bytes, true, "random bytes");
    }

    public static byte[] Json(string s) => Encoding.UTF8.GetBytes(s);

    public static string Number(double d) => d.ToString("R", CultureInfo.InvariantCulture);
}
