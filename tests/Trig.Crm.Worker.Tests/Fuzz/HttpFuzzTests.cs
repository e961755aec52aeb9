using Microsoft.AspNetCore.Routing;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Store;
using Trig.Crm.Testing.Stores;
using Trig.Crm.Worker.Tests.Endpoints;
using Trig.Crm.Worker.Tests.Support;
using Xunit.Abstractions;

namespace Trig.Crm.Worker.Tests.Fuzz;

/// <summary>
/// Generated hostile requests to every endpoint the built app maps (found by walking its route table, so a new
/// endpoint is fuzzed without editing this test), with each endpoint's own credentials most of the time. Every
/// answer must be 2xx or 4xx; a refused request must leave the store exactly as it was; and a request carrying
/// something invalid (bad UTF-8, a lone surrogate, a number that is not finite, broken JSON, no or a bad
/// credential) must not be answered 2xx.
/// </summary>
public sealed class HttpFuzzTests(ITestOutputHelper output)
{
    private const int PerEndpoint = 10;

    private const int PerDataEndpoint = 35;

    [Theory]
    [InlineData("local")]
    [InlineData("hubspot")]
    public async Task EveryEndpoint_HostileRequests_No5xx_RefusedStoreNothing_InvalidNeverAccepted(string provider)
    {
        using var store = new TempStore("fuzz-" + provider);
        await using var host = await HardenedHost.StartAsync(store, provider);
        await host.Get<ITrigStore>().UpsertAsync(
            [new CrmRecord(EntityKind.Organisation, "org-1", null, new Dictionary<string, AttributeValue> { ["name"] = AttributeValue.Of("Acme"), ["arr"] = AttributeValue.Of(1200d) })],
            default);
        var endpoints = Endpoints(host);
        var target = "http-" + provider;
        var random = FuzzSeed.For(target);
        var requests = new HttpFuzzRequests(random, host.BaseUrl, host.Time.GetUtcNow());
        var failures = new List<string>();
        var tried = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var index = 0;

        // Nothing but the requests writes to the store, so each footprint taken after a request is the next one's "before".
        var before = StoreFootprint.Of(store.DbPath);
        foreach (var (method, pattern) in endpoints)
        {
            var count = pattern.StartsWith("/v1/", StringComparison.Ordinal) || pattern == "/api/hubspot/webhooks" ? PerDataEndpoint : PerEndpoint;
            for (var i = 0; i < count; i++, index++)
            {
                var fuzz = requests.Build(method, pattern);
                tried[$"{method} {pattern}"] = tried.GetValueOrDefault($"{method} {pattern}") + 1;
                var tag = $"{FuzzSeed.Tag(target, index)} {method} {fuzz.Request.RequestUri} ({Shorten(fuzz.Description)})";
                HttpResponseMessage response;
                try
                {
                    response = await host.Client.SendAsync(fuzz.Request);
                }
                catch (Exception ex) when (ex is not HttpRequestException)
                {
                    // The in-memory server hands an unhandled exception to the client; Kestrel would have answered 500.
                    failures.Add($"{tag}: unhandled {ex.GetType().Name} (a 500): {Shorten(ex.Message)}");
                    continue;
                }

                using var disposeResponse = response;
                var status = (int)response.StatusCode;
                if (status >= 500)
                {
                    failures.Add($"{tag}: answered {status}: {Shorten(await response.Content.ReadAsStringAsync())}");
                }
                else if (status is < 200 or >= 300)
                {
                    var after = StoreFootprint.Of(store.DbPath);
                    if (after != before)
                    {
                        failures.Add($"{tag}: refused with {status} but the store changed");
                    }

                    before = after;
                }
                else
                {
                    before = StoreFootprint.Of(store.DbPath);
                    if (fuzz.Invalid)
                    {
                        failures.Add($"{tag}: invalid input accepted with {status}: {Shorten(await response.Content.ReadAsStringAsync())}");
                    }
                }
            }
        }

        foreach (var (endpoint, n) in tried)
        {
            output.WriteLine($"{n,4}  {endpoint}");
        }

        output.WriteLine($"{index} requests, {failures.Count} failures");
        Assert.True(failures.Count == 0, string.Join('\n', failures));
        Assert.Contains("POST /v1/batch", tried.Keys);
        Assert.Contains("POST /api/hubspot/webhooks", tried.Keys);
        Assert.True(index >= 250, $"only {index} requests");
    }

    private static string Shorten(string s) => s.Length <= 300 ? s : s[..300] + "…";

    private static List<(string Method, string Pattern)> Endpoints(TrigWebHost host) =>
        [.. ((IEndpointRouteBuilder)host.App).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (m, "/" + e.RoutePattern.RawText!.TrimStart('/'))))
            .OrderBy(e => e.Item2, StringComparer.Ordinal).ThenBy(e => e.m, StringComparer.Ordinal)];
}
