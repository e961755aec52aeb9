using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Trig.Crm.Testing.Stores;

namespace Trig.Crm.Worker.Tests.Endpoints;

/// <summary><c>GET /openapi/v1.json</c>: anonymous, and lists every endpoint the app maps (with its methods).</summary>
public sealed partial class OpenApiDocumentTests
{
    [Theory]
    [InlineData("local")]
    [InlineData("hubspot")]
    public async Task Document_ListsEveryMappedEndpoint(string provider)
    {
        using var store = new TempStore("openapi-" + provider);
        await using var host = await HardenedHost.StartAsync(store, provider);

        var response = await host.Client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var paths = (await response.Content.ReadFromJsonAsync<JsonObject>())!["paths"]!.AsObject();

        var mapped = ((IEndpointRouteBuilder)host.App).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .Where(e => !e.RoutePattern.RawText!.StartsWith("/openapi/", StringComparison.Ordinal))
            // The health-check and Prometheus endpoints are framework middleware (any method, no API description).
            .Where(e => !ProbeEndpoints.Contains(e.RoutePattern.RawText!))
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(m => (Path: "/" + Constraint().Replace(e.RoutePattern.RawText!.TrimStart('/'), "{$1}"), Method: m.ToLowerInvariant())))
            .ToList();
        Assert.Contains(mapped, m => m.Path == "/api/admin/actions/{id}/retry");
        Assert.Equal(provider == "local", mapped.Any(m => m.Path == "/api/cards/local/{entityId}"));

        var missing = mapped.Where(m => paths[m.Path]?[m.Method] is null).Select(m => $"{m.Method} {m.Path}").ToList();
        Assert.Empty(missing);
    }

    private static readonly HashSet<string> ProbeEndpoints = ["/health", "/health/live", "/health/ready", "/metrics"];

    [GeneratedRegex(@"\{([^}:]+)(:[^}]+)?\}")]
    private static partial Regex Constraint();
}
