using System.Text;
using Trig.Crm.Engine.Cycle;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Store;
using Trig.Crm.Testing;
using Trig.Crm.Testing.Stores;
using Trig.Crm.Worker.Tests.Endpoints;
using Trig.Crm.Worker.Tests.Support;

namespace Trig.Crm.Worker.Tests.Services;

/// <summary>
/// On a node of a cluster, the fast path never waits for another node's cycle: while another process holds the
/// store's cycle lease, a run is skipped at once (no error), and the marks it would have taken are still there for
/// the run after the lease is released.
/// </summary>
public sealed class FastPathLeaseTests
{
    [Fact]
    public async Task FastPath_WhileAnotherNodeHoldsTheCycleLease_SkipsWithoutError_AndKeepsTheMarks()
    {
        using var store = new TempStore("fast-path-lease");
        await using var host = await TrigWebHost.StartAsync(
            [store.Arg, $"--Trig:Definitions:Path={FixtureLifecycle.WriteTo(store.Directory)}", "--Trig:Crm:Provider=local", $"--Trig:Ingest:WriteKey={HardenedHost.WriteKey}"],
            HardenedHost.Now);
        var trig = host.Get<ITrigStore>();
        await trig.UpsertAsync(
            [new CrmRecord(EntityKind.Organisation, "org-1", null, new Dictionary<string, AttributeValue> { ["name"] = AttributeValue.Of("Acme"), ["lifecyclestage"] = AttributeValue.Of("customer") })],
            default);
        using (var request = new HttpRequestMessage(HttpMethod.Post, "/v1/group")
        {
            Content = new StringContent("""{"userId":"p-1","groupId":"org-1","traits":{"arr":20000}}""", Encoding.UTF8, "application/json"),
        })
        {
            request.Headers.Authorization = HardenedHost.WriteKeyBasic;
            Assert.True((await host.Client.SendAsync(request)).IsSuccessStatusCode);
        }

        // Before the change, the fast path waited for the lease for MaxWait and then threw; keep that short so a
        // regression fails here quickly instead of hanging.
        host.Get<CycleGate>().MaxWait = TimeSpan.FromSeconds(1);
        var now = HardenedHost.Now;
        Assert.Null(await trig.TryTakeCycleLeaseAsync("another node", now, now.AddMinutes(2), default));

        var skipped = await host.Get<IncrementalCycle>().RunAsync(default);
        Assert.Equal(new IncrementalReport(0, 0, 0), skipped);

        await trig.ReleaseCycleLeaseAsync("another node", default);
        var ran = await host.Get<IncrementalCycle>().RunAsync(default);
        Assert.True(ran.EntitiesEvaluated > 0, "the marks left by the skipped run are evaluated once the lease is free");
    }
}
