using System.Net;
using Trig.Crm.Engine.Cycle;
using Trig.Crm.Testing.Stores;
using Trig.Crm.Worker.Tests.Endpoints;
using Trig.Crm.Worker.Tests.Support;

namespace Trig.Crm.Worker.Tests.Telemetry;

/// <summary><c>GET /metrics</c>: Prometheus text format with the <c>trig_</c> instruments; off with <c>Trig:Telemetry:Prometheus=false</c>.</summary>
public sealed class PrometheusEndpointTests
{
    [Fact]
    public async Task Metrics_AfterACycle_AnswersPrometheusTextWithTrigNames()
    {
        using var store = new TempStore("prometheus");
        await using var host = await HardenedHost.StartAsync(store, "local");
        await host.Get<FullCycle>().RunAsync(new FullCycleRequest(), default);

        var response = await host.Client.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType!.MediaType, StringComparison.Ordinal);
        Assert.Contains("# TYPE trig_cycle_duration_seconds histogram", text, StringComparison.Ordinal);
        Assert.Contains("trig_cycle_duration_seconds_count{", text, StringComparison.Ordinal);
        Assert.Contains("trig_cycle_kind=\"full\"", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE trig_entities_evaluated_total counter", text, StringComparison.Ordinal);
        Assert.Contains("trig_definition_freshness_seconds{", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_SwitchedOff_IsNotMapped()
    {
        using var store = new TempStore("prometheus-off");
        await using var host = await Support.TrigWebHost.StartAsync(
            [store.Arg, $"--Trig:Definitions:Path={Trig.Crm.Testing.FixtureLifecycle.WriteTo(store.Directory)}", "--Trig:Telemetry:Prometheus=false"],
            HardenedHost.Now);

        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync("/metrics")).StatusCode);
    }
}
