using System.Text.Json;
using Trig.Crm.Store.Cluster;
using Trig.Crm.Worker.Cli;

namespace Trig.Crm.Worker.Tests.Cli;

/// <summary>How <c>trig cluster status</c> prints a PostgreSQL cluster's status: nodes, the open cycle, closed cycles.</summary>
public sealed class ClusterStatusTextTests
{
    private static readonly DateTimeOffset T = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Threshold = TimeSpan.FromSeconds(60);

    private static ClusterStatus Sample() => new(
        SchedulerInMemory: false,
        [
            new SchedulerNode("trig-7f9c-1", T.AddSeconds(-4), TimeSpan.FromSeconds(20), false),
            new SchedulerNode("trig-7f9c-2", T.AddSeconds(-95), TimeSpan.FromSeconds(20), true),
        ],
        new OpenCycleStatus(42, T.AddMinutes(-3), "3f2a9c1e", "trig-7f9c-1", T.AddMinutes(-3), true, 50, 31, 2, 17,
            [new ShardOwnerStatus("trig-7f9c-1", 16, 1, 32_000), new ShardOwnerStatus("trig-7f9c-2", 15, 1, 30_000)]),
        [new ClosedCycleStatus(41, T.AddHours(-1), "trig-7f9c-2", T.AddHours(-1), T.AddMinutes(-58), false, 50, 100_000, 12)]);

    [Fact]
    public void Lines_AlignTheNodesOwnersAndCycles_AndFlagTheOverdueNode()
    {
        var lines = ClusterStatusText.Lines(Sample(), Threshold).ToList();

        Assert.Equal(
            [
                "nodes: 2, 1 overdue (no check-in for its interval + 60s)",
                "  instance     last check-in         interval  overdue",
                "  trig-7f9c-1  2026-11-01 08:59:56Z       20s  no",
                "  trig-7f9c-2  2026-11-01 08:58:25Z       20s  OVERDUE",
                "",
                "open cycle 42: as of 2026-11-01 08:57:00Z, definitions 3f2a9c1e, only due, opened by trig-7f9c-1 at 2026-11-01 08:57:00Z",
                "  shards: 50 total, 31 done, 2 claimed (lease live), 17 never claimed or lease lapsed",
                "  owner        done  claimed  entities",
                "  trig-7f9c-1    16        1     32000",
                "  trig-7f9c-2    15        1     30000",
                "",
                "closed cycles, newest first:",
                "  cycle  as of                 opened by    closed at             kind  shards  entities  actions",
                "     41  2026-11-01 08:00:00Z  trig-7f9c-2  2026-11-01 08:02:00Z  full      50    100000       12",
            ],
            lines);
    }

    [Fact]
    public void Json_NamesTheNodesCheckInsAndIntervals()
    {
        var json = JsonSerializer.SerializeToElement(ClusterStatusText.Json(Sample(), T, Threshold), CliOutput.Json);

        Assert.Equal(("clustered", 60), (json.GetProperty("scheduler").GetString(), json.GetProperty("checkinMisfireThresholdSeconds").GetInt32()));
        var nodes = json.GetProperty("nodes").EnumerateArray().ToList();
        Assert.Equal(["trig-7f9c-1 20 False", "trig-7f9c-2 20 True"], nodes.Select(n => $"{n.GetProperty("instance").GetString()} {n.GetProperty("checkinIntervalSeconds").GetDouble()} {n.GetProperty("overdue").GetBoolean()}"));
        Assert.Equal(T.AddSeconds(-95), nodes[1].GetProperty("lastCheckin").GetDateTimeOffset());
        Assert.Equal(100_000, json.GetProperty("recentCycles")[0].GetProperty("entities").GetInt64());
        Assert.True(json.GetProperty("openCycle").GetProperty("onlyDue").GetBoolean());
    }
}
