using System.Text.Json;
using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Store.Cluster;
using Trig.Crm.Testing.Processes;
using Trig.Crm.Testing.Stores;

namespace Trig.Crm.Worker.Tests.Cli;

/// <summary>
/// <c>trig cluster status</c> through the real executable on a SQLite store with an open cycle of three shards: one
/// committed by node-b, one held by node-a (its lease runs to 2100, so it is live whatever the clock reads), one never claimed.
/// </summary>
public sealed class ClusterStatusCommandTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Opened = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);
    private TempStore _store = null!;
    private long _cycle;

    public async Task InitializeAsync()
    {
        _store = await TempStore.CreateAsync("cluster");
        var set = DefinitionLoader.Load([("defs.yaml", "schema:\n  organisation: { seats: number }\nbehaviours:\n  - key: big\n    audience: [ seats >= 10 ]\n")]).Set!;
        await _store.Store.UpsertAsync(
            Enumerable.Range(1, 5).Select(i => new CrmRecord(EntityKind.Organisation, $"org-{i}", null, new Dictionary<string, AttributeValue>())).ToList(), default);
        var cycle = await _store.Store.OpenCycleAsync(Opened, "v-test", 2, "node-a", null, Opened, default);
        _cycle = cycle.Id;
        var far = new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var b = await _store.Store.ClaimShardAsync(cycle, "node-b", Opened, Opened.AddMinutes(5), default);
        Assert.True(await _store.Store.CommitShardAsync(b!, new EvaluationResult(), set, new ShardOutcome(2, 0, "0"), Opened.AddMinutes(1), default));
        Assert.NotNull(await _store.Store.ClaimShardAsync(cycle, "node-a", Opened, far, default));
    }

    public Task DisposeAsync()
    {
        _store.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Status_PrintsTheInMemorySchedulerAndTheOpenCyclesShardsPerOwner()
    {
        var r = await TrigProcess.RunAsync(_store.Directory, ["cluster", "status", _store.Arg]);

        Assert.True(r.ExitCode == 0, r.ToString());
        var lines = r.Stdout.Split('\n').Select(l => l.TrimEnd()).ToList();
        Assert.Contains("nodes: one process (SQLite: Quartz in memory)", lines);
        Assert.Contains($"open cycle {_cycle}: as of 2026-11-01 09:00:00Z, definitions v-test, full, opened by node-a at 2026-11-01 09:00:00Z", lines);
        Assert.Contains("  shards: 3 total, 1 done, 1 claimed (lease live), 1 never claimed or lease lapsed", lines);
        Assert.Contains("  owner   done  claimed  entities", lines);
        Assert.Contains("  node-a     0        1         0", lines);
        Assert.Contains("  node-b     1        0         2", lines);
        Assert.Contains("closed cycles: none", lines);
    }

    [Fact]
    public async Task StatusJson_GivesTheDocumentedShape()
    {
        var r = await TrigProcess.RunAsync(_store.Directory, ["cluster", "status", "--json", _store.Arg]);

        Assert.True(r.ExitCode == 0, r.ToString());
        var json = JsonDocument.Parse(r.Stdout).RootElement;
        Assert.Equal("in_memory", json.GetProperty("scheduler").GetString());
        Assert.Empty(json.GetProperty("nodes").EnumerateArray());
        var open = json.GetProperty("openCycle");
        Assert.Equal(_cycle, open.GetProperty("id").GetInt64());
        Assert.Equal(("v-test", "node-a", false), (open.GetProperty("definitionsVersion").GetString(), open.GetProperty("openedBy").GetString(), open.GetProperty("onlyDue").GetBoolean()));
        Assert.Equal(Opened, open.GetProperty("asOf").GetDateTimeOffset());
        var shards = open.GetProperty("shards");
        Assert.Equal((3, 1, 1, 1), (shards.GetProperty("total").GetInt32(), shards.GetProperty("done").GetInt32(), shards.GetProperty("claimed").GetInt32(), shards.GetProperty("unclaimed").GetInt32()));
        Assert.Equal(
            ["node-a 0 1 0", "node-b 1 0 2"],
            open.GetProperty("owners").EnumerateArray().Select(o => $"{o.GetProperty("owner").GetString()} {o.GetProperty("done").GetInt32()} {o.GetProperty("claimed").GetInt32()} {o.GetProperty("entities").GetInt64()}"));
        Assert.Empty(json.GetProperty("recentCycles").EnumerateArray());
    }

    [Fact]
    public async Task Status_OnAnUnreachableStore_IsOneErrorLineAndExitOne()
    {
        var r = await TrigProcess.RunAsync(_store.Directory, ["cluster", "status", "--Trig:Store:Provider=postgres", "--Trig:Store:ConnectionString=Host=127.0.0.1;Port=1;Database=trig;Username=trig;Timeout=2"]);

        Assert.Equal(1, r.ExitCode);
        Assert.StartsWith("error: store: ", r.Stderr.Trim(), StringComparison.Ordinal);
        Assert.DoesNotContain('\n', r.Stderr.Trim());
    }
}
