using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Trig.Crm.Testing.Stores;
using Trig.Crm.Worker.Tests.Support;

namespace Trig.Crm.Worker.Tests.Endpoints;

/// <summary>
/// Walks every endpoint the built app maps and calls it anonymously: with a real CRM provider each one refuses
/// (401/403) except health, the OpenAPI document and ingest (which must refuse a call without the write key).
/// </summary>
public sealed partial class EndpointAccessTests
{
    // The /admin page and its assets hold no data: every API call it makes is authenticated.
    private static readonly HashSet<string> Anonymous = ["/health", "/health/live", "/health/ready", "/metrics", "/openapi/{documentName}.json", "/admin", "/admin/config.json", "/admin/{file}"];

    private static readonly HashSet<string> LocalDemo = ["/api/cards/local/{entityId}", "/cards/preview/{entityId}", "/cards/trig-card.js"];

    [Theory]
    [InlineData("hubspot")]
    [InlineData("dynamics")]
    [InlineData("local")]
    public async Task EveryEndpoint_RefusesAnAnonymousCaller_ExceptHealthAndTheLocalDemo(string provider)
    {
        using var store = new TempStore("access-" + provider);
        await using var host = await HardenedHost.StartAsync(store, provider);
        var endpoints = Endpoints(host);
        Assert.Contains(endpoints, e => e.Pattern == "/api/admin/definitions");
        Assert.Contains(endpoints, e => e.Pattern == "/api/hubspot/webhooks");

        var failures = new List<string>();
        foreach (var (method, pattern) in endpoints)
        {
            if (Anonymous.Contains(pattern) || (provider == "local" && LocalDemo.Contains(pattern)))
            {
                continue;
            }

            var response = await host.Client.SendAsync(Anonymous_(method, pattern));
            var status = (int)response.StatusCode;
            if (status is not (401 or 403))
            {
                failures.Add($"{method} {pattern} answered {status} to an anonymous caller");
            }
        }

        Assert.Empty(failures);
        Assert.Equal(provider == "local", endpoints.Any(e => LocalDemo.Contains(e.Pattern)));
    }

    [Fact]
    public async Task HubSpotProvider_LocalCardOfAStoredOrganisation_IsNotFound()
    {
        using var store = new TempStore("access-local-card");
        await using var host = await HardenedHost.StartAsync(store, "hubspot");
        await host.Get<Trig.Crm.Store.ITrigStore>().UpsertAsync(
            [new(Trig.Crm.Lifecycle.Model.EntityKind.Organisation, "org-1", null, new Dictionary<string, Trig.Crm.Lifecycle.Model.AttributeValue> { ["name"] = Trig.Crm.Lifecycle.Model.AttributeValue.Of("Acme") })],
            default);

        foreach (var path in new[] { "/api/cards/local/org-1", "/cards/preview/org-1", "/cards/trig-card.js" })
        {
            var response = await host.Client.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.DoesNotContain("Acme", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    private static List<(string Method, string Pattern)> Endpoints(TrigWebHost host) =>
        [.. ((IEndpointRouteBuilder)host.App).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (m, "/" + e.RoutePattern.RawText!.TrimStart('/'))))];

    /// <summary>A request with every route parameter filled in and, for a POST, a small JSON body; no credentials.</summary>
    private static HttpRequestMessage Anonymous_(string method, string pattern)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), Parameter().Replace(pattern, "1"));
        if (method == "POST")
        {
            request.Content = new StringContent("[]", Encoding.UTF8, "application/json");
        }

        return request;
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex Parameter();
}
