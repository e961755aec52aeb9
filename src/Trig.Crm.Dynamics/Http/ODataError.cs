using System.Text.Json;

namespace Trig.Crm.Dynamics.Http;

/// <summary>Reads the Web API error shape <c>{"error":{"code":"0x…","message":"…"}}</c>.</summary>
internal static class ODataError
{
    public static (string? Code, string? Message) Parse(string? body)
    {
        if (string.IsNullOrWhiteSpace(body) || body.TrimStart()[0] != '{')
        {
            return (null, null);
        }

        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
            {
                var code = error.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
                var message = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
                return (string.IsNullOrEmpty(code) ? null : code, message is null ? null : FirstLine(message, 500));
            }
        }
        catch (JsonException)
        {
        }

        return (null, null);
    }

    public static string? FirstLine(string? text, int max)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var line = text.Trim().Split('\n', 2)[0].TrimEnd('\r');
        return line.Length > max ? line[..max] + "…" : line;
    }
}
