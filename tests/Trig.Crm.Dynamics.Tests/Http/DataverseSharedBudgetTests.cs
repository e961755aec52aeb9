using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Trig.Crm.Dynamics.Http;
using Trig.Crm.Dynamics.Sink;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Store.Pacing;
using Trig.Crm.Testing.Stores;
using Trig.Crm.Testing.Stubs;

namespace Trig.Crm.Dynamics.Tests.Http;

/// <summary>
/// Two processes ("nodes") of one cluster push to one Dataverse org as the same application user: through the store's
/// shared budget they keep to the user's service protection limit together; each pacing alone, they exceed it.
/// </summary>
public sealed class DataverseSharedBudgetTests
{
    // Dataverse's 6,000 requests per 5 minutes, scaled down to 60 so the test sends few requests; the 5 minutes stay,
    // on a fake clock the test moves. Slices 10: 30-second windows of 60 / (10 + 2) = 5 permits.
    private const int Budget = 60;
    private const int RecordsPerNode = 40;

    // The shared run needs about 17 windows (82 requests, 5 permits a window); far more means the pacing is stuck.
    private const int MaxWindows = 400;
    private const int MaxIdlePolls = 600;
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task TwoNodesOnOneStore_KeepToTheUsersLimitTogether_Never429()
    {
        var run = await PushFromTwoNodesAsync(shared: true);

        Assert.Equal(0, run.Limit.Refused);
        Assert.All(run.Results, r => Assert.Equal(RecordsPerNode, r.Written.Count));

        // Every request took one permit of the shared budget: a $batch is one, and so is the column-type read.
        var requests = 2 * (RecordsPerNode + 1);
        Assert.Equal((requests, requests), (run.Limit.Admitted.Count, run.Permits));

        // More requests than the limit allows in one period: they were spread over the windows, never more than the
        // budget in any 5 minutes.
        var arrivals = run.Limit.Admitted;
        Assert.True(arrivals[^1] - arrivals[0] >= DataverseSharedBudget.Period - Window, $"all {requests} requests arrived within {arrivals[^1] - arrivals[0]}");
        Assert.All(arrivals, first => Assert.InRange(arrivals.Count(t => t >= first && t < first + DataverseSharedBudget.Period), 1, Budget));
    }

    [Fact]
    public async Task SharedOff_TwoNodesEachPacingAlone_ExceedTheUsersLimit()
    {
        var run = await PushFromTwoNodesAsync(shared: false);

        // The same pushes without the shared budget: Dataverse refuses what is over the limit (the nodes wait out the
        // Retry-After and finish later).
        Assert.True(run.Limit.Refused > 0, "two nodes pacing alone stayed under the limit, so the test proves nothing");
        Assert.Equal(0, run.Permits);
        Assert.All(run.Results, r => Assert.Equal(RecordsPerNode, r.Written.Count));
    }

    private static async Task<Run> PushFromTwoNodesAsync(bool shared)
    {
        await using var store = await TempStore.CreateAsync();
        var limit = new RollingWindowLimit(Budget, DataverseSharedBudget.Period, store.Clock);
        using var org = new DataverseStub(limit);
        var budgets = new[] { new CountingRequestBudget(new StoreRequestBudget(store.Store)), new CountingRequestBudget(new StoreRequestBudget(store.Reopen())) };
        using var a = Node(org, store.Clock, budgets[0], shared);
        using var b = Node(org, store.Clock, budgets[1], shared);

        var all = Task.WhenAll(
            a.GetRequiredService<DataverseMetadataSink>().PushAsync(Changes(0), CancellationToken.None),
            b.GetRequiredService<DataverseMetadataSink>().PushAsync(Changes(RecordsPerNode), CancellationToken.None));
        long Permits() => new[] { a, b }.Sum(n => n.GetRequiredService<DataverseSharedBudget>().Limiter?.GetStatistics()?.TotalSuccessfulLeases ?? 0);
        int Arrived() => org.OrgRequests.Count + org.TokenRequests.Count;
        // Bounded by steps of the fake clock and by polls in a row where nothing moved, never by wall-clock time: a slow
        // machine makes the test take longer, not fail.
        var windows = 0;
        var idle = 0;
        while (!all.IsCompleted && windows < MaxWindows && idle < MaxIdlePolls)
        {
            // The clock moves one window only once both nodes wait for it: no store call in flight, every permit taken
            // arrived at the org, nothing arrived for a moment. A slow machine must not make windows pass unused, nor
            // a request in flight see minutes pass (its attempt would time out and be sent again).
            var seen = Arrived();
            await Task.WhenAny(all, Task.Delay(100));
            if (all.IsCompleted || Arrived() != seen)
            {
                idle = 0;
            }
            else if (budgets.All(x => x.Calls == 0) && Permits() <= org.OrgRequests.Count)
            {
                store.Clock.Advance(Window);
                windows++;
                idle = 0;
            }
            else
            {
                idle++;
            }
        }

        Assert.True(all.IsCompleted, $"{org.OrgRequests.Count} requests sent over {windows} windows of the fake clock ({idle} polls without progress), the pushes did not finish");
        Assert.Equal(shared, a.GetRequiredService<DataverseSharedBudget>().Limiter is not null);
        return new Run(limit, await all, Permits());
    }

    private static ServiceProvider Node(DataverseStub org, FakeTimeProvider time, ICrmRequestBudget budget, bool shared)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Trig:Dataverse:Url"] = org.OrgUrl,
            ["Trig:Dataverse:AuthorityHost"] = org.AuthorityUrl,
            ["Trig:Dataverse:TenantId"] = DataverseStub.TenantId,
            ["Trig:Dataverse:ClientId"] = DataverseStub.ClientId,
            ["Trig:Dataverse:ClientSecret"] = "node-secret",
            ["Trig:Dataverse:RequestsPerFiveMinutes"] = Budget.ToString(CultureInfo.InvariantCulture),
            ["Trig:Dataverse:MaxBatchOperations"] = "1",
            ["Trig:Pacing:Shared"] = shared ? "true" : "false",
            ["Trig:Pacing:Slices"] = "10",
            ["Trig:Pacing:Batch"] = "2",
        });
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddSingleton(budget);
        builder.AddTrigDynamics();
        return builder.Services.BuildServiceProvider();
    }

    private static MetadataChange[] Changes(int first) =>
        [.. Enumerable.Range(first + 1, RecordsPerNode).Select(i => new MetadataChange(EntityKind.Organisation, $"0a1b2c3d-0000-4000-8000-{i:D12}", "current_stage", "trial"))];

    private sealed record Run(RollingWindowLimit Limit, PushResult[] Results, long Permits);
}
