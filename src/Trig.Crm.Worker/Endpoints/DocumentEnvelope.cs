using System.Text.Json;

namespace Trig.Crm.Worker.Endpoints;

/// <summary>
/// The HubSpot settings page calls the worker with <c>hubspot.fetch</c>, which sends JSON bodies only, so it posts a
/// definitions document as <c>{"document": "…YAML…"}</c>. Errors then still point at the lines of that YAML.
/// </summary>
internal static class DocumentEnvelope
{
    /// <summary>The YAML inside a JSON envelope; any other body (YAML, or JSON that is not an envelope) as it came.</summary>
    public static string Unwrap(string? contentType, string body)
    {
        if (contentType is null || !contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return body;
        }

        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("document", out var document)
                && document.ValueKind == JsonValueKind.String
                ? document.GetString()!
                : body;
        }
        catch (JsonException)
        {
            // Not JSON after all: the loader reports it as a document error at its line.
            return body;
        }
    }
}
