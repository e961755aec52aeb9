using System.Text.Json;
using System.Text.RegularExpressions;

namespace Trig.Crm.Worker.Tests.Support;

/// <summary>
/// Checks a request against HubSpot's official OpenAPI documents (shared/specs/hubspot): the operation exists,
/// query parameters are declared, and a JSON body has the required fields, declared names (where the schema
/// closes them) and the declared JSON types, recursively.
/// </summary>
internal static class HubSpotSpec
{
    private static readonly string[] Files = ["companies.json", "contacts.json", "properties.json", "associations.json", "crmOwners.json"];
    private static readonly Lazy<List<(Regex Path, string Method, JsonElement Operation, JsonElement Root)>> Operations = new(Load);

    public static List<string> Problems(string method, string path, string? query, string? body)
    {
        var problems = new List<string>();
        var op = Operations.Value.FirstOrDefault(o => string.Equals(o.Method, method, StringComparison.OrdinalIgnoreCase) && o.Path.IsMatch(path));
        if (op.Root.ValueKind == JsonValueKind.Undefined)
        {
            return [$"{method} {path}: no such operation in the spec"];
        }

        var declared = op.Operation.TryGetProperty("parameters", out var ps)
            ? ps.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "query").Select(p => p.GetProperty("name").GetString()!).ToHashSet()
            : [];
        foreach (var name in (query ?? "").TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).Select(kv => kv.Split('=')[0]))
        {
            if (!declared.Contains(name))
            {
                problems.Add($"{method} {path}: query parameter '{name}' is not in the spec");
            }
        }

        if (op.Operation.TryGetProperty("requestBody", out var rb) && rb.GetProperty("content").TryGetProperty("application/json", out var json))
        {
            if (string.IsNullOrEmpty(body))
            {
                problems.Add($"{method} {path}: the spec requires a JSON body");
            }
            else
            {
                using var doc = JsonDocument.Parse(body);
                Check(op.Root, json.GetProperty("schema"), doc.RootElement, "$", problems);
            }
        }

        return problems;
    }

    private static void Check(JsonElement root, JsonElement schema, JsonElement value, string at, List<string> problems)
    {
        schema = Resolve(root, schema);
        if (schema.TryGetProperty("oneOf", out var oneOf) || schema.TryGetProperty("anyOf", out oneOf))
        {
            if (!oneOf.EnumerateArray().Any(s => { var p = new List<string>(); Check(root, s, value, at, p); return p.Count == 0; }))
            {
                problems.Add($"{at}: matches none of the alternatives");
            }

            return;
        }

        var type = schema.TryGetProperty("type", out var t) ? t.GetString() : null;

        // The one known error of the spec: search sorts are typed as strings, but HubSpot sorts only with
        // {propertyName, direction} objects (HubSpot/hubspot-api-python#236, hubspot-api-nodejs#14).
        if (Regex.IsMatch(at, @"^\$\.sorts\[\d+\]$") && value.ValueKind == JsonValueKind.Object)
        {
            if (!value.TryGetProperty("propertyName", out _) || !value.TryGetProperty("direction", out var d) || d.GetString() is not ("ASCENDING" or "DESCENDING"))
            {
                problems.Add($"{at}: a sort needs propertyName and direction ASCENDING|DESCENDING");
            }

            return;
        }

        var ok = type switch
        {
            "object" => value.ValueKind == JsonValueKind.Object,
            "array" => value.ValueKind == JsonValueKind.Array,
            "string" => value.ValueKind == JsonValueKind.String,
            "integer" or "number" => value.ValueKind == JsonValueKind.Number,
            "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
            _ => true,
        };
        if (!ok)
        {
            problems.Add($"{at}: expected {type}, got {value.ValueKind}");
            return;
        }

        if (value.ValueKind == JsonValueKind.Array && schema.TryGetProperty("items", out var items))
        {
            var i = 0;
            foreach (var item in value.EnumerateArray())
            {
                Check(root, items, item, $"{at}[{i++}]", problems);
            }
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        if (schema.TryGetProperty("required", out var required))
        {
            foreach (var name in required.EnumerateArray().Select(r => r.GetString()!).Where(n => !value.TryGetProperty(n, out _)))
            {
                problems.Add($"{at}: required '{name}' is missing");
            }
        }

        var properties = schema.TryGetProperty("properties", out var p) ? p : default;
        var additional = schema.TryGetProperty("additionalProperties", out var a) ? a : default;
        foreach (var member in value.EnumerateObject())
        {
            if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(member.Name, out var sub))
            {
                if (member.Value.ValueKind != JsonValueKind.Null)
                {
                    Check(root, sub, member.Value, $"{at}.{member.Name}", problems);
                }
            }
            else if (additional.ValueKind == JsonValueKind.Object)
            {
                Check(root, additional, member.Value, $"{at}.{member.Name}", problems);
            }
            else if (properties.ValueKind == JsonValueKind.Object)
            {
                problems.Add($"{at}: '{member.Name}' is not a field of this schema");
            }
        }
    }

    private static JsonElement Resolve(JsonElement root, JsonElement schema)
    {
        while (schema.TryGetProperty("$ref", out var r))
        {
            var node = root;
            foreach (var part in r.GetString()!.TrimStart('#', '/').Split('/'))
            {
                node = node.GetProperty(part);
            }

            schema = node;
        }

        return schema;
    }

    private static List<(Regex, string, JsonElement, JsonElement)> Load()
    {
        var list = new List<(Regex, string, JsonElement, JsonElement)>();
        foreach (var file in Files)
        {
            var root = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Specs, "hubspot", file))).RootElement;
            foreach (var path in root.GetProperty("paths").EnumerateObject())
            {
                var pattern = new Regex("^" + Regex.Replace(Regex.Escape(path.Name), @"\\\{[^}]+}", "[^/]+") + "$");
                foreach (var op in path.Value.EnumerateObject().Where(o => o.Name is "get" or "post" or "patch" or "put" or "delete"))
                {
                    list.Add((pattern, op.Name, op.Value, root));
                }
            }
        }

        // Literal paths before templated ones (/batch/create before /{propertyName}).
        return [.. list.OrderBy(o => o.Item1.ToString().Count(c => c == '['))];
    }
}
