using System.Collections.Concurrent;
using System.Diagnostics;
using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Pacing;
using Trig.Crm.Store.Pacing;
using Trig.Crm.Testing.Stores;

namespace Trig.Crm.Store.Tests.Contract;

/// <summary>The CRM request budget kept in the store: every node on one database shares it, window by window.</summary>
public abstract class StoreRequestBudgetContract : StoreContract
{
    private const long Window = 1_800_000_000_000;

    [StoreFact]
    public async Task Take_TwoNodesAtOnce_GrantExactlyTheWindowBudgetBetweenThem()
    {
        await using var t = await NewStoreAsync();
        var nodes = new[] { new StoreRequestBudget(t.Store), new StoreRequestBudget(t.Open()) };

        var grants = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(async () =>
            await nodes[i % 2].TakeAsync("hubspot", "TEN_SECONDLY_ROLLING", Window, 25, 3, default))));

        Assert.Equal(25, grants.Sum());
        Assert.All(grants, g => Assert.InRange(g, 0, 3));
    }

    [StoreFact]
    public async Task Take_NextWindowStartsOver_ALaggingWindowGetsNothing_AndPoliciesAreApart()
    {
        await using var t = await NewStoreAsync();
        var budget = new StoreRequestBudget(t.Store);

        Assert.Equal(10, await budget.TakeAsync("hubspot", "TEN_SECONDLY_ROLLING", Window, 12, 10, default));
        Assert.Equal(2, await budget.TakeAsync("hubspot", "TEN_SECONDLY_ROLLING", Window, 12, 10, default));
        Assert.Equal(0, await budget.TakeAsync("hubspot", "TEN_SECONDLY_ROLLING", Window, 12, 10, default));
        Assert.Equal(10, await budget.TakeAsync("hubspot", "SECONDLY", Window, 12, 10, default));
        Assert.Equal(10, await budget.TakeAsync("hubspot", "TEN_SECONDLY_ROLLING", Window + 1_000, 12, 10, default));
        Assert.Equal(0, await budget.TakeAsync("hubspot", "TEN_SECONDLY_ROLLING", Window, 12, 10, default));
        Assert.Equal(2, await budget.TakeAsync("hubspot", "TEN_SECONDLY_ROLLING", Window + 1_000, 12, 10, default));
    }

    [StoreFact]
    public async Task Limiters_TwoNodesOnOneStore_NeverHandOutMoreThanTheBudgetPerWindow()
    {
        await using var t = await NewStoreAsync();
        var policy = new CrmBudgetPolicy("hubspot", "TEN_SECONDLY_ROLLING", 100, TimeSpan.FromSeconds(10), Slices: 10, Batch: 3);
        var (nodeA, nodeB) = (new CountingRequestBudget(new StoreRequestBudget(t.Store)), new CountingRequestBudget(new StoreRequestBudget(t.Open())));
        using var a = new SharedBudgetRateLimiter(nodeA, policy, t.Clock);
        using var b = new SharedBudgetRateLimiter(nodeB, policy, t.Clock);
        var granted = new ConcurrentBag<(string Node, long Window)>();

        async Task SendAsync(string node, SharedBudgetRateLimiter limiter)
        {
            using var lease = await limiter.AcquireAsync(1);
            Assert.True(lease.IsAcquired);
            Assert.True(lease.TryGetMetadata(SharedBudgetRateLimiter.WindowMetadata, out var window));
            granted.Add((node, window));
        }

        var all = Task.WhenAll(Enumerable.Range(0, 40).Select(i => i % 2 == 0 ? SendAsync("a", a) : SendAsync("b", b)));
        var bound = Stopwatch.StartNew();
        while (!all.IsCompleted && bound.Elapsed < TimeSpan.FromMinutes(2))
        {
            // The fake clock moves to the next window only once both nodes have spent this one and wait for the clock
            // (no store call in flight, nothing granted for a moment): a slow database must not make windows pass unused.
            var seen = granted.Count;
            await Task.WhenAny(all, Task.Delay(20));
            if (nodeA.Calls == 0 && nodeB.Calls == 0 && granted.Count == seen)
            {
                t.Clock.Advance(policy.Window);
            }
        }

        Assert.True(all.IsCompleted, $"{granted.Count} of 40 permits granted");
        await all;
        var windows = granted.GroupBy(g => g.Window).ToList();
        Assert.Equal(8, policy.PerWindow);
        Assert.Equal(40, granted.Count);
        Assert.All(windows, w => Assert.InRange(w.Count(), 1, policy.PerWindow));
        Assert.Contains(windows, w => w.Count() == policy.PerWindow && w.Select(g => g.Node).Distinct().Count() == 2);
    }
}
