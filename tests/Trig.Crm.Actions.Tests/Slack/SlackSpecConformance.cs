using System.Globalization;
using System.Text.Json;
using Microsoft.OpenApi.Models;
using Microsoft.OpenApi.Readers;
using WireMock.Logging;

using Trig.Crm.Actions.Slack;

namespace Trig.Crm.Actions.Tests.Slack;

/// <summary>
/// Checks requests against the official Slack Web API spec (Swagger 2.0, read with Microsoft.OpenApi.Readers, which
/// lifts formData parameters into a form request-body schema): every JSON body property and query parameter must be
/// a declared parameter of the operation with a matching type, required ones must be present, and no token may travel
/// outside the Authorization header.
/// </summary>
/// <remarks>
/// Two deliberate allowances, both listed here and nowhere else:
/// (1) The 2020 spec predates message metadata, so <c>chat.postMessage metadata</c> (string: JSON-encoded object) and
/// <c>conversations.history include_all_metadata</c> (boolean) are added from the current reference
/// (docs.slack.dev/methods/chat.postMessage and conversations.history).
/// (2) <c>blocks</c>, <c>attachments</c> and <c>metadata</c> are declared as strings because form posts carry them
/// URL-encoded; in a JSON body Slack takes the structure itself, so a JSON array (blocks, attachments) or object
/// (metadata) is accepted for them, and a string still passes.
/// </remarks>
internal sealed class SlackSpecConformance
{
    private static readonly Lazy<SlackSpecConformance> Shared = new(() => new SlackSpecConformance(Path.Combine(AppContext.BaseDirectory, "Specs", "slack_web_openapi_v2.json")));

    private static readonly Dictionary<(string Method, string Name), string> NewerThanSpec = new()
    {
        [("chat.postMessage", "metadata")] = "string",
        [("conversations.history", "include_all_metadata")] = "boolean",
    };

    private static readonly Dictionary<string, JsonValueKind> JsonEncodedStrings = new(StringComparer.Ordinal)
    {
        ["blocks"] = JsonValueKind.Array,
        ["attachments"] = JsonValueKind.Array,
        ["metadata"] = JsonValueKind.Object,
    };

    private readonly OpenApiDocument _document;

    private SlackSpecConformance(string path)
    {
        using var stream = File.OpenRead(path);
        _document = new OpenApiStreamReader().Read(stream, out var diagnostic);
        if (_document.Paths.Count < 100)
        {
            throw new InvalidOperationException($"spec did not load: {string.Join("; ", diagnostic.Errors.Select(e => e.Message))}");
        }
    }

    public static SlackSpecConformance Instance => Shared.Value;

    /// <summary>Violations for one request seen by WireMock (path <c>/api/&lt;method&gt;</c>).</summary>
    public IReadOnlyList<string> Check(ILogEntry entry)
    {
        var request = entry.RequestMessage;
        var method = request.Path[(request.Path.LastIndexOf('/') + 1)..];
        var query = request.Query?.ToDictionary(q => q.Key, q => q.Value.ToString() ?? "") ?? [];
        var headers = request.Headers?.ToDictionary(h => h.Key, h => h.Value.ToString() ?? "", StringComparer.OrdinalIgnoreCase) ?? [];
        var violations = Check(method, request.Method, query, request.Body, headers.GetValueOrDefault("Content-Type")).ToList();
        if (!headers.TryGetValue("Authorization", out var auth) || !auth.StartsWith("Bearer xoxb-", StringComparison.Ordinal))
        {
            violations.Add($"{method}: no Authorization: Bearer header");
        }

        return violations;
    }

    /// <summary>Violations for a request given as parts (used directly by the checker's own tests).</summary>
    public IReadOnlyList<string> Check(string method, string httpMethod, IReadOnlyDictionary<string, string> query, string? body, string? contentType)
    {
        var violations = new List<string>();
        if (!_document.Paths.TryGetValue("/" + method, out var pathItem))
        {
            return [$"{method}: not a method in the spec"];
        }

        var operationType = Enum.Parse<OperationType>(httpMethod, ignoreCase: true);
        if (!pathItem.Operations.TryGetValue(operationType, out var operation))
        {
            return [$"{method}: {httpMethod} is not declared"];
        }

        var queryParams = operation.Parameters.Where(p => p.In == ParameterLocation.Query).ToDictionary(p => p.Name, p => p.Schema?.Type ?? "string", StringComparer.Ordinal);
        var required = operation.Parameters.Where(p => p.Required && p.In == ParameterLocation.Query).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var bodyParams = new Dictionary<string, string>(StringComparer.Ordinal);
        if (operation.RequestBody is { } requestBody)
        {
            foreach (var content in requestBody.Content.Values)
            {
                foreach (var (name, schema) in content.Schema?.Properties ?? new Dictionary<string, OpenApiSchema>())
                {
                    bodyParams[name] = schema.Type ?? "string";
                }

                foreach (var name in content.Schema?.Required ?? new HashSet<string>())
                {
                    required.Add(name);
                }
            }
        }

        foreach (var ((m, name), type) in NewerThanSpec)
        {
            if (m == method)
            {
                (operationType == OperationType.Get ? queryParams : bodyParams)[name] = type;
            }
        }

        required.Remove("token");
        var seen = new HashSet<string>(StringComparer.Ordinal);

        foreach (var (name, value) in query)
        {
            seen.Add(name);
            if (name == "token")
            {
                violations.Add($"{method}: token in the query string");
            }
            else if (!queryParams.TryGetValue(name, out var type))
            {
                violations.Add($"{method}: query parameter '{name}' is not declared");
            }
            else if (!QueryValueMatches(type, value))
            {
                violations.Add($"{method}: query parameter '{name}'='{value}' is not a {type}");
            }
        }

        if (!string.IsNullOrEmpty(body))
        {
            if (contentType is null || !contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            {
                violations.Add($"{method}: body is not application/json ({contentType})");
            }

            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind != JsonValueKind.Object)
            {
                violations.Add($"{method}: body is not a JSON object");
            }
            else
            {
                foreach (var property in json.RootElement.EnumerateObject())
                {
                    seen.Add(property.Name);
                    if (property.Name == "token")
                    {
                        violations.Add($"{method}: token in the body");
                    }
                    else if (!bodyParams.TryGetValue(property.Name, out var type))
                    {
                        violations.Add($"{method}: body property '{property.Name}' is not declared");
                    }
                    else if (!JsonValueMatches(property.Name, type, property.Value))
                    {
                        violations.Add($"{method}: body property '{property.Name}' is {property.Value.ValueKind}, spec says {type}");
                    }
                }
            }
        }

        foreach (var name in required)
        {
            if (!seen.Contains(name))
            {
                violations.Add($"{method}: required parameter '{name}' is missing");
            }
        }

        return violations;
    }

    private static bool QueryValueMatches(string type, string value) => type switch
    {
        "boolean" => value is "true" or "false" or "1" or "0",
        "integer" => long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _),
        "number" => decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _),
        _ => true,
    };

    private static bool JsonValueMatches(string name, string type, JsonElement value) => type switch
    {
        "string" => value.ValueKind == JsonValueKind.String
            || (JsonEncodedStrings.TryGetValue(name, out var structured) && value.ValueKind == structured),
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        "number" => value.ValueKind == JsonValueKind.Number,
        _ => true,
    };
}
