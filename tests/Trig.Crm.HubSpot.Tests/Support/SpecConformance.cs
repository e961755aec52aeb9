using System.Text.Json.Nodes;
using Microsoft.OpenApi.Models;
using Microsoft.OpenApi.Readers;
using Microsoft.OpenApi.Writers;
using NJsonSchema;
using WireMock.Logging;

namespace Trig.Crm.HubSpot.Tests.Support;

/// <summary>
/// Checks requests against HubSpot's official OpenAPI specs (../specs/hubspot/*.json): the operation exists for
/// the method and path, query parameters are declared, and the JSON body validates against the request schema
/// ($refs resolved; objects closed to undeclared fields so a misspelt field fails too).
/// One correction to the spec: <c>PublicObjectSearchRequest.sorts</c> items are typed as strings, but HubSpot only
/// sorts with <c>{propertyName, direction}</c> objects (HubSpot/hubspot-api-python#236, hubspot-api-nodejs#14/#559);
/// both forms are accepted.
/// </summary>
internal static class SpecConformance
{
    private static readonly Lazy<IReadOnlyList<SpecOperation>> Operations = new(Load);

    public static string SpecDirectory
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "specs", "hubspot");
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }

            return "/work/shared/specs/hubspot";
        }
    }

    /// <summary>Fails with every non-conforming request listed.</summary>
    public static void AssertAll(IEnumerable<ILogEntry> entries)
    {
        var problems = new List<string>();
        var count = 0;
        foreach (var entry in entries)
        {
            count++;
            var request = entry.RequestMessage;
            var query = new Uri(request.AbsoluteUrl).Query;
            problems.AddRange(Check(request.Method, request.Path, query, request.Body).Select(p => $"{request.Method} {request.Path}{query}: {p}"));
        }

        Assert.True(problems.Count == 0, $"{problems.Count} of {count} requests do not conform to the HubSpot specs:\n" + string.Join("\n", problems.Distinct().Take(20)));
    }

    /// <summary>The problems of one request (empty when it conforms).</summary>
    public static IReadOnlyList<string> Check(string method, string path, string query, string? body)
    {
        var candidates = Operations.Value
            .Where(o => string.Equals(o.Method, method, StringComparison.OrdinalIgnoreCase) && o.Matches(path))
            .OrderBy(o => o.TemplateSegments)
            .ToList();
        if (candidates.Count == 0)
        {
            return [$"no operation {method.ToUpperInvariant()} {path} in the specs"];
        }

        var operation = candidates[0];
        var problems = new List<string>();
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = Uri.UnescapeDataString(pair.Split('=')[0]);
            if (!operation.QueryParameters.Contains(name))
            {
                problems.Add($"query parameter '{name}' is not declared by {operation.Template}");
            }
        }

        problems.AddRange(operation.PathProblems(path));

        if (operation.BodySchema is { } schema)
        {
            if (string.IsNullOrWhiteSpace(body))
            {
                problems.Add($"{operation.Template} requires a JSON body");
            }
            else
            {
                problems.AddRange(schema.Validate(body).Select(e => $"body {e.Path}: {e.Kind}"));
            }
        }

        return problems;
    }

    private static List<SpecOperation> Load()
    {
        var result = new List<SpecOperation>();
        foreach (var file in Directory.GetFiles(SpecDirectory, "*.json"))
        {
            // example-response.json is a sample card payload, not a spec.
            if (!File.ReadAllText(file).Contains("\"openapi\"", StringComparison.Ordinal))
            {
                continue;
            }

            using var stream = File.OpenRead(file);
            var document = new OpenApiStreamReader().Read(stream, out _);
            if (document?.Paths is null || document.Components is null)
            {
                continue;
            }

            var definitions = Definitions(document);
            foreach (var (template, item) in document.Paths)
            {
                foreach (var (type, operation) in item.Operations)
                {
                    var parameters = item.Parameters.Concat(operation.Parameters).ToList();
                    JsonSchema? bodySchema = null;
                    if (operation.RequestBody?.Content.TryGetValue("application/json", out var media) == true && media.Schema is not null)
                    {
                        bodySchema = BodySchema(media.Schema, definitions);
                    }

                    result.Add(new SpecOperation(
                        type.ToString(),
                        template,
                        parameters.Where(p => p.In == ParameterLocation.Query).Select(p => p.Name).ToHashSet(StringComparer.Ordinal),
                        parameters.Where(p => p.In == ParameterLocation.Path).ToDictionary(p => p.Name, p => p.Schema?.Type ?? "string"),
                        bodySchema));
                }
            }
        }

        return result;
    }

    private static JsonObject Definitions(OpenApiDocument document)
    {
        using var text = new StringWriter();
        document.Components.SerializeAsV3(new OpenApiJsonWriter(text));
        var components = JsonNode.Parse(text.ToString().Replace("#/components/schemas/", "#/definitions/", StringComparison.Ordinal))!.AsObject();
        var schemas = components["schemas"]?.AsObject() ?? [];
        if (schemas["PublicObjectSearchRequest"]?["properties"]?["sorts"] is JsonObject sorts)
        {
            sorts["items"] = JsonNode.Parse("""
                {"oneOf":[{"type":"string"},{"type":"object","required":["propertyName"],"additionalProperties":false,
                  "properties":{"propertyName":{"type":"string"},"direction":{"type":"string","enum":["ASCENDING","DESCENDING"]}}}]}
                """);
        }

        return schemas;
    }

    private static JsonSchema BodySchema(OpenApiSchema schema, JsonObject definitions)
    {
        JsonObject root;
        if (schema.Reference?.Id is { } id)
        {
            root = definitions[id]!.DeepClone().AsObject();
        }
        else
        {
            using var text = new StringWriter();
            schema.SerializeAsV3(new OpenApiJsonWriter(text));
            root = JsonNode.Parse(text.ToString().Replace("#/components/schemas/", "#/definitions/", StringComparison.Ordinal))!.AsObject();
        }

        root["definitions"] = definitions.DeepClone();
        var json = JsonSchema.FromJsonAsync(root.ToJsonString()).GetAwaiter().GetResult();
        Close(json, new HashSet<JsonSchema>());
        return json;
    }

    /// <summary>Objects with declared properties accept no others: a misspelt field must fail.</summary>
    private static void Close(JsonSchema schema, HashSet<JsonSchema> seen)
    {
        if (!seen.Add(schema))
        {
            return;
        }

        if (schema.Properties.Count > 0 && schema.AdditionalPropertiesSchema is null)
        {
            schema.AllowAdditionalProperties = false;
        }

        foreach (var child in schema.Properties.Values.Cast<JsonSchema>()
            .Concat(schema.Definitions.Values)
            .Concat(schema.OneOf).Concat(schema.AnyOf).Concat(schema.AllOf)
            .Append(schema.Item)
            .Append(schema.AdditionalPropertiesSchema)
            .Append(schema.HasReference ? schema.Reference : null)
            .OfType<JsonSchema>())
        {
            Close(child, seen);
        }
    }

    private sealed record SpecOperation(
        string Method,
        string Template,
        HashSet<string> QueryParameters,
        Dictionary<string, string> PathParameters,
        JsonSchema? BodySchema)
    {
        private readonly string[] _segments = Template.Trim('/').Split('/');

        public int TemplateSegments => _segments.Count(s => s.StartsWith('{'));

        public bool Matches(string path)
        {
            var parts = path.Trim('/').Split('/');
            return parts.Length == _segments.Length
                && _segments.Zip(parts).All(p => p.First.StartsWith('{') ? p.Second.Length > 0 : string.Equals(p.First, p.Second, StringComparison.Ordinal));
        }

        public IEnumerable<string> PathProblems(string path)
        {
            foreach (var (segment, value) in _segments.Zip(path.Trim('/').Split('/')))
            {
                if (segment.StartsWith('{') && PathParameters.TryGetValue(segment.Trim('{', '}'), out var type)
                    && type == "integer" && !long.TryParse(value, out _))
                {
                    yield return $"path parameter {segment} must be an integer (got '{value}')";
                }
            }
        }
    }
}
