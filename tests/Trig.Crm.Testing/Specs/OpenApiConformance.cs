using System.Globalization;
using System.Text.Json;
using Microsoft.OpenApi.Any;
using Microsoft.OpenApi.Models;
using Microsoft.OpenApi.Readers;
using WireMock.Logging;

namespace Trig.Crm.Testing.Specs;

/// <summary>
/// Checks requests against a vendor's OpenAPI documents (every <c>*.json</c> spec, OpenAPI 3 or Swagger 2, in
/// <c>$TRIG_SPECS_DIR/&lt;vendor&gt;</c>): the operation exists for the method and path (integer path parameters
/// checked), every query parameter is declared and has the declared type, required parameters are present, and the
/// body is JSON that validates against the request schema recursively: required fields, declared JSON types, enums,
/// oneOf/anyOf/allOf, and objects closed to undeclared fields so that a misspelt field fails too.
/// Vendor rules (<see cref="SpecRules"/>) add the known errors of a spec and checks it cannot express.
/// </summary>
internal sealed class OpenApiConformance
{
    private readonly SpecRules _rules;
    private readonly List<Operation> _operations = [];

    public OpenApiConformance(SpecRules rules)
    {
        _rules = rules;
        var folder = VendorSpecs.Folder(rules.Vendor);
        foreach (var file in Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            var text = File.ReadAllText(file);
            if (!text.Contains("\"openapi\"", StringComparison.Ordinal) && !text.Contains("\"swagger\"", StringComparison.Ordinal))
            {
                continue; // a sample payload, not a spec
            }

            var document = new OpenApiStringReader().Read(text, out _);
            foreach (var (template, item) in document?.Paths ?? [])
            {
                foreach (var (type, operation) in item.Operations)
                {
                    _operations.Add(new Operation(type.ToString().ToUpperInvariant(), template, [.. item.Parameters, .. operation.Parameters], operation.RequestBody));
                }
            }
        }

        if (_operations.Count == 0)
        {
            throw new InvalidOperationException($"no OpenAPI operations found in {folder}");
        }
    }

    public string Vendor => _rules.Vendor;

    /// <summary>The problems of one request (empty when it conforms), each prefixed with the request.</summary>
    public IReadOnlyList<string> Check(SpecRequest request)
    {
        var problems = new List<string>();
        Check(request, problems);
        problems.AddRange(_rules.RequestChecks(request));
        return [.. problems.Select(p => $"{request}: {p}")];
    }

    public IReadOnlyList<string> Check(string method, string path, string? query, string? body, string? contentType = null) =>
        Check(new SpecRequest(method, path, query, body, contentType));

    public IReadOnlyList<string> Check(ILogEntry entry) => Check(SpecRequest.From(entry));

    /// <summary>Fails with every non-conforming request listed.</summary>
    public void AssertAll(IEnumerable<ILogEntry> entries)
    {
        var list = entries.ToList();
        var problems = list.SelectMany(Check).Distinct().ToList();
        Assert.True(problems.Count == 0, $"{problems.Count} problems in {list.Count} requests to {Vendor} against its spec:\n" + string.Join("\n", problems.Take(30)));
    }

    private void Check(SpecRequest request, List<string> problems)
    {
        var path = request.Path;
        if (_rules.PathPrefix.Length > 0 && path.StartsWith(_rules.PathPrefix, StringComparison.Ordinal))
        {
            path = path[_rules.PathPrefix.Length..];
        }

        var operation = _operations
            .Where(o => string.Equals(o.Method, request.Method, StringComparison.OrdinalIgnoreCase) && o.Matches(path))
            .OrderBy(o => o.TemplateParameters)
            .FirstOrDefault();
        if (operation is null)
        {
            problems.Add(_operations.Any(o => o.Matches(path))
                ? $"{request.Method.ToUpperInvariant()} is not declared for {path} in the {Vendor} spec"
                : $"no operation {request.Method.ToUpperInvariant()} {path} in the {Vendor} spec");
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        CheckPath(operation, path, problems);
        CheckQuery(operation, request.Query, seen, problems);
        CheckBody(operation, request, seen, problems);
        foreach (var name in operation.Parameters.Where(p => p.Required && p.In == ParameterLocation.Query).Select(p => p.Name))
        {
            if (!seen.Contains(name) && !_rules.NotRequired.Contains(name))
            {
                problems.Add($"required query parameter '{name}' is missing");
            }
        }
    }

    private static void CheckPath(Operation operation, string path, List<string> problems)
    {
        foreach (var (segment, value) in operation.Segments.Zip(path.Trim('/').Split('/')))
        {
            if (segment.StartsWith('{')
                && operation.Parameters.FirstOrDefault(p => p.In == ParameterLocation.Path && p.Name == segment.Trim('{', '}')) is { Schema.Type: "integer" }
                && !long.TryParse(Uri.UnescapeDataString(value), NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
            {
                problems.Add($"path parameter {segment} must be an integer (got '{value}')");
            }
        }
    }

    private void CheckQuery(Operation operation, string? query, HashSet<string> seen, List<string> problems)
    {
        foreach (var pair in (query ?? "").TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            var name = Uri.UnescapeDataString(parts[0]);
            var value = parts.Length > 1 ? Uri.UnescapeDataString(parts[1].Replace('+', ' ')) : "";
            seen.Add(name);
            var type = operation.Parameters.FirstOrDefault(p => p.In == ParameterLocation.Query && p.Name == name) is { } declared
                ? declared.Schema?.Type ?? "string"
                : _rules.NewerThanSpec.GetValueOrDefault((operation.Template, name));
            if (type is null)
            {
                problems.Add($"query parameter '{name}' is not declared by {operation.Template}");
            }
            else if (!QueryValueMatches(type, value))
            {
                problems.Add($"query parameter '{name}'='{value}' is not of type {type}");
            }
        }
    }

    private void CheckBody(Operation operation, SpecRequest request, HashSet<string> seen, List<string> problems)
    {
        var content = operation.Body?.Content;
        if (content is null || content.Count == 0)
        {
            if (!string.IsNullOrEmpty(request.Body))
            {
                problems.Add($"{operation.Template} takes no body");
            }

            return;
        }

        var isJson = content.TryGetValue("application/json", out var media);
        var schema = (media ?? content.Values.First()).Schema;
        if (string.IsNullOrWhiteSpace(request.Body))
        {
            if (isJson || operation.Body!.Required)
            {
                problems.Add($"{operation.Template} requires a JSON body");
            }

            return;
        }

        if (request.ContentType is { } type && !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"body is not application/json ({type})");
        }

        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(request.Body);
        }
        catch (JsonException e)
        {
            problems.Add("body is not JSON: " + e.Message);
            return;
        }

        using (json)
        {
            if (json.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var member in json.RootElement.EnumerateObject())
                {
                    seen.Add(member.Name);
                }
            }

            if (schema is not null)
            {
                Validate(new Walk(operation.Template, true), schema, json.RootElement, "$", problems);
            }
        }
    }

    private sealed record Walk(string Template, bool IsRoot);

    private void Validate(Walk walk, OpenApiSchema schema, JsonElement value, string at, List<string> problems)
    {
        if (_rules.Override(at, value, problems))
        {
            return;
        }

        if (value.ValueKind == JsonValueKind.Null)
        {
            if (!schema.Nullable && (schema.Type is not null || schema.Properties.Count > 0))
            {
                problems.Add($"{at}: null where the spec says {schema.Type ?? "object"} (not nullable)");
            }

            return;
        }

        foreach (var part in schema.AllOf)
        {
            Validate(walk with { IsRoot = false }, part, value, at, problems);
        }

        var alternatives = schema.OneOf.Count > 0 ? schema.OneOf : schema.AnyOf;
        if (alternatives.Count > 0)
        {
            if (!alternatives.Any(s => { var p = new List<string>(); Validate(walk, s, value, at, p); return p.Count == 0; }))
            {
                problems.Add($"{at}: matches none of the {alternatives.Count} alternatives");
            }

            return;
        }

        var type = schema.Type ?? (schema.Properties.Count > 0 ? "object" : null);
        if (!JsonTypeMatches(type, value))
        {
            problems.Add($"{at}: expected {type}, got {value.ValueKind}");
            return;
        }

        if (value.ValueKind == JsonValueKind.String && schema.Enum.Count > 0)
        {
            var allowed = schema.Enum.OfType<OpenApiString>().Select(e => e.Value).ToList();
            if (allowed.Count > 0 && !allowed.Contains(value.GetString()!, StringComparer.Ordinal))
            {
                problems.Add($"{at}: '{value.GetString()}' is not one of {string.Join('|', allowed)}");
            }
        }

        if (value.ValueKind == JsonValueKind.Array && schema.Items is { } items)
        {
            var i = 0;
            foreach (var item in value.EnumerateArray())
            {
                Validate(walk with { IsRoot = false }, items, item, $"{at}[{i++}]", problems);
            }
        }

        if (value.ValueKind == JsonValueKind.Object)
        {
            ValidateObject(walk, schema, value, at, problems);
        }
    }

    private void ValidateObject(Walk walk, OpenApiSchema schema, JsonElement value, string at, List<string> problems)
    {
        foreach (var name in schema.Required)
        {
            if (!value.TryGetProperty(name, out _) && !(walk.IsRoot && _rules.NotRequired.Contains(name)))
            {
                problems.Add($"{at}: required '{name}' is missing");
            }
        }

        foreach (var member in value.EnumerateObject())
        {
            var field = $"{at}.{member.Name}";
            if (schema.Properties.TryGetValue(member.Name, out var sub))
            {
                Validate(walk with { IsRoot = false }, sub, member.Value, field, problems);
            }
            else if (walk.IsRoot && _rules.NewerThanSpec.TryGetValue((walk.Template, member.Name), out var newer))
            {
                Validate(walk with { IsRoot = false }, new OpenApiSchema { Type = newer }, member.Value, field, problems);
            }
            else if (schema.AdditionalProperties is { } additional)
            {
                Validate(walk with { IsRoot = false }, additional, member.Value, field, problems);
            }
            else if (schema.Properties.Count > 0 || !schema.AdditionalPropertiesAllowed)
            {
                problems.Add($"{at}: '{member.Name}' is not a field of this schema");
            }
        }
    }

    private static bool JsonTypeMatches(string? type, JsonElement value) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        "number" => value.ValueKind == JsonValueKind.Number,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        _ => true,
    };

    private static bool QueryValueMatches(string type, string value) => type switch
    {
        "boolean" => value is "true" or "false" or "1" or "0",
        "integer" => long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _),
        "number" => decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _),
        _ => true,
    };

    private sealed record Operation(string Method, string Template, IReadOnlyList<OpenApiParameter> Parameters, OpenApiRequestBody? Body)
    {
        public string[] Segments { get; } = Template.Trim('/').Split('/');

        public int TemplateParameters => Segments.Count(s => s.StartsWith('{'));

        public bool Matches(string path)
        {
            var parts = path.Trim('/').Split('/');
            return parts.Length == Segments.Length
                && Segments.Zip(parts).All(p => p.First.StartsWith('{') ? p.Second.Length > 0 : string.Equals(p.First, p.Second, StringComparison.Ordinal));
        }
    }
}
