using System.Text.Json;

namespace Trig.Crm.Ingest.Segment;

/// <summary>Finds text in a parsed JSON document that cannot become a .NET string, and numbers that are not finite.</summary>
internal static class JsonText
{
    /// <summary>
    /// The path of the first string or property name that is not valid text (invalid UTF-8, or an escaped lone
    /// surrogate such as <c>\ud800</c>), as an error; null when all are valid. System.Text.Json parses such input
    /// and only throws when the string is read, so everything is read once here, inside the 400 path.
    /// </summary>
    public static IngestError? Invalid(JsonElement e, string at, int? index)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.String:
                return IsText(() => e.GetString()) ? null : new IngestError(at, "the string is not valid UTF-8 text (invalid bytes or a lone surrogate)", index);
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject())
                {
                    if (!IsText(() => p.Name))
                    {
                        return new IngestError(at, "a property name is not valid UTF-8 text (invalid bytes or a lone surrogate)", index);
                    }

                    if (Invalid(p.Value, at.Length == 0 ? p.Name : $"{at}.{p.Name}", index) is { } bad)
                    {
                        return bad;
                    }
                }

                return null;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var x in e.EnumerateArray())
                {
                    if (Invalid(x, $"{at}[{i++}]", index) is { } bad)
                    {
                        return bad;
                    }
                }

                return null;
            case JsonValueKind.Number:
                // A number no double can hold (1e400) reads as an infinity: stored, it would break every later
                // comparison, sum and card.
                return e.TryGetDouble(out var d) && double.IsFinite(d) ? null : new IngestError(at, $"the number {e.GetRawText()} is not finite (too large for a double)", index);
            default:
                return null;
        }
    }

    private static bool IsText(Func<string?> read)
    {
        try
        {
            read();
            return true;
        }
        catch (InvalidOperationException)
        {
            // GetString's way of saying the bytes cannot be transcoded to UTF-16.
            return false;
        }
    }
}
