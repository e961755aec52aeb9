using System.Diagnostics;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Trig.Crm.Engine.Cycle;
using Trig.Crm.Ingest;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Store;
using Trig.Crm.Testing;
using Trig.Crm.Testing.Stores;
using Trig.Crm.Testing.Stubs;
using Trig.Crm.Worker.Hosting;
using Trig.Crm.Worker.Tests.Endpoints;
using Trig.Crm.Worker.Tests.Support;

namespace Trig.Crm.Worker.Tests.Telemetry;

/// <summary>
/// Traces, read through OpenTelemetry's in-memory exporter: one trace per full cycle with its step spans and the
/// outgoing HubSpot calls (WireMock) beneath them; an ingest call linked from the fast-path run it wakes.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class CycleTraceTests
{
    private const string HttpOut = "System.Net.Http.HttpRequestOut";

    [Fact]
    public async Task FullCycle_OneTrace_StepSpansUnderTheCycle_HubSpotCallsAreChildSpans()
    {
        using var hubspot = new HubSpotStub();
        hubspot.Companies["101"] = new() { ["name"] = "Acme Labs", ["lifecyclestage"] = "customer", ["annualrevenue"] = "50000" };
        using var store = new TempStore("traces");
        var spans = new List<Activity>();
        using (var host = TrigHost.BuildCli(
            [
                "--Trig:Crm:Provider=hubspot", $"--Trig:HubSpot:AccessToken={HubSpotStub.Token}", $"--Trig:HubSpot:BaseUrl={hubspot.Url}",
                "--Trig:HubSpot:CompanyProperties=name,lifecyclestage,arr:annualrevenue", "--Trig:HubSpot:ContactProperties=email,firstname",
                store.Arg, $"--Trig:Definitions:Path={FixtureLifecycle.WriteTo(store.Directory)}", "--Trig:Telemetry:Traces=true",
            ],
            b =>
            {
                b.Services.AddSingleton<TimeProvider>(new FakeTimeProvider(HardenedHost.Now));
                b.Services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spans));
            }))
        {
            await host.Services.GetRequiredService<ITrigStore>().MigrateAsync(default);
            var tracer = host.Services.GetRequiredService<TracerProvider>();
            await host.Services.GetRequiredService<FullCycle>().RunAsync(new FullCycleRequest(Metrics: false), default);
            tracer.ForceFlush();
        }

        var cycle = Assert.Single(spans, s => s.OperationName == "trig.cycle");
        Assert.Equal("full", cycle.GetTagItem("trig.cycle.kind"));
        Assert.Equal(default, cycle.ParentSpanId);
        var steps = spans.Where(s => s.ParentSpanId == cycle.SpanId && s.Source.Name == "Trig.Crm").ToList();
        Assert.Equal(["trig.pull", "trig.open", "trig.load", "trig.evaluate", "trig.commit", "trig.push", "trig.report"], steps.OrderBy(s => s.StartTimeUtc).Select(s => s.OperationName));
        var calls = spans.Where(s => s.OperationName == HttpOut).ToList();
        Assert.NotEmpty(calls);
        Assert.All(calls, c => Assert.Equal(cycle.TraceId, c.TraceId));
        var open = steps.Single(s => s.OperationName == "trig.open");
        Assert.Equal(
            ["trig.open.definitions", "trig.open.benchmarks", "trig.open.provision", "trig.open.shards"],
            spans.Where(s => s.ParentSpanId == open.SpanId).OrderBy(s => s.StartTimeUtc).Select(s => s.OperationName));
        var pull = steps.Single(s => s.OperationName == "trig.pull");
        var push = steps.Single(s => s.OperationName == "trig.push");
        Assert.Contains(calls, c => c.ParentSpanId == pull.SpanId && c.GetTagItem("url.full")!.ToString()!.Contains("/crm/v3/objects/companies", StringComparison.Ordinal));
        Assert.Contains(calls, c => c.ParentSpanId == push.SpanId && c.GetTagItem("url.full")!.ToString()!.Contains("/batch/update", StringComparison.Ordinal));
    }

    [Fact]
    public async Task IngestCall_TheFastPathRunItWakes_LinksToTheCallsTrace()
    {
        using var store = new TempStore("trace-link");
        var spans = new List<Activity>();
        await using var host = await TrigWebHost.StartAsync(
            [store.Arg, $"--Trig:Definitions:Path={FixtureLifecycle.WriteTo(store.Directory)}", "--Trig:Crm:Provider=local", $"--Trig:Ingest:WriteKey={HardenedHost.WriteKey}", "--Trig:Telemetry:Traces=true"],
            HardenedHost.Now,
            configure: b => b.Services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spans)));
        var tracer = host.Get<TracerProvider>();
        await host.Get<ITrigStore>().UpsertAsync(
            [new CrmRecord(EntityKind.Organisation, "org-1", null, new Dictionary<string, AttributeValue> { ["name"] = AttributeValue.Of("Acme"), ["lifecyclestage"] = AttributeValue.Of("customer") })],
            default);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/group")
        {
            Content = new StringContent("""{"userId":"p-1","groupId":"org-1","traits":{"arr":20000}}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = HardenedHost.WriteKeyBasic;
        Assert.True((await host.Client.SendAsync(request)).IsSuccessStatusCode);

        // What the ingest fast-path loop does when woken: take the callers' contexts and run.
        var report = await host.Get<IncrementalCycle>().RunAsync(host.Get<IngestSignal>().TakeLinks(), default);
        tracer.ForceFlush();

        Assert.True(report.EntitiesEvaluated > 0);
        var call = Assert.Single(spans, s => s.OperationName == "Microsoft.AspNetCore.Hosting.HttpRequestIn" && s.GetTagItem("url.path") as string == "/v1/group");
        var run = Assert.Single(spans, s => s.OperationName == "trig.cycle");
        Assert.Equal("fast_path", run.GetTagItem("trig.cycle.kind"));
        Assert.NotEqual(call.TraceId, run.TraceId);
        var link = Assert.Single(run.Links);
        Assert.Equal((call.TraceId, call.SpanId), (link.Context.TraceId, link.Context.SpanId));
    }
}
