using System.Text.Json;
using System.Text.RegularExpressions;
using Trig.Crm.HubSpot.Api;

namespace Trig.Crm.HubSpot;

/// <summary>Reading <see cref="StandardError"/>s of a 207 defensively: which input they name, and what kind of failure they are.</summary>
internal static class HubSpotErrors
{
    public static bool IsNotFound(StandardError error) =>
        error.Status == "404"
        || string.Equals(error.Category, "OBJECT_NOT_FOUND", StringComparison.OrdinalIgnoreCase)
        || (error.Errors ?? []).Any(d => string.Equals(d.SubCategory, "OBJECT_NOT_FOUND", StringComparison.OrdinalIgnoreCase));

    public static bool IsConflict(StandardError error) =>
        error.Status == "409"
        || string.Equals(error.Category, "CONFLICT", StringComparison.OrdinalIgnoreCase)
        || (error.Message?.Contains("already exists", StringComparison.OrdinalIgnoreCase) ?? false);

    public static bool IsTransient(StandardError error) =>
        error.Status is "429" or "408"
        || (error.Status is { Length: 3 } s && s[0] == '5')
        || string.Equals(error.Category, "RATE_LIMITS", StringComparison.OrdinalIgnoreCase);

    public static string Reason(StandardError error) =>
        string.Join(": ", new[] { error.Status, error.Category, error.Message }.Where(p => !string.IsNullOrWhiteSpace(p)));

    /// <summary>Every string in the error's context (and its details' contexts), e.g. <c>ids</c>, <c>objectWriteTraceId</c>.</summary>
    public static IEnumerable<string> ContextValues(StandardError error)
    {
        foreach (var context in new[] { error.Context }.Concat((error.Errors ?? []).Select(d => d.Context)))
        {
            foreach (var (_, value) in context ?? [])
            {
                foreach (var text in Strings(value))
                {
                    yield return text;
                }
            }
        }
    }

    /// <summary>Whether the error names <paramref name="token"/>: in its context, or as a whole word in a message.</summary>
    public static bool Mentions(StandardError error, string token)
    {
        if (ContextValues(error).Any(v => string.Equals(v, token, StringComparison.Ordinal)))
        {
            return true;
        }

        var pattern = $@"(?<![\w-]){Regex.Escape(token)}(?![\w-])";
        return new[] { error.Message }.Concat((error.Errors ?? []).Select(d => d.Message))
            .Any(m => m is not null && Regex.IsMatch(m, pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)));
    }

    private static IEnumerable<string> Strings(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                yield return value.GetString()!;
                break;
            case JsonValueKind.Number:
                yield return value.GetRawText();
                break;
            case JsonValueKind.Array:
                foreach (var item in value.EnumerateArray())
                {
                    foreach (var s in Strings(item))
                    {
                        yield return s;
                    }
                }

                break;
            default:
                break;
        }
    }
}
