using Trig.Crm.Store.Cluster;
using Trig.Crm.Store.Tests.Contract;
using Trig.Crm.Testing.Stores;

namespace Trig.Crm.Store.Tests.Postgres;

[Collection(PostgresCollection.Name)]
[RequiresPostgres]
public sealed class PostgresClusterStatusTests(SharedPostgres postgres) : ClusterStatusContract
{
    internal override async Task<IStoreUnderTest> NewStoreAsync() => await postgres.NewStoreAsync();

    [StoreFact]
    public async Task Status_ListsTheSchedulersNodes_OverdueOnlyPastTheIntervalPlusTheThreshold()
    {
        await using var t = await NewStoreAsync();
        var now = new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);
        // As Quartz.NET writes them: the check-in as UTC .NET ticks, the interval in milliseconds.
        foreach (var (sched, instance, ago) in new[] { ("trig", "node-live", 30), ("trig", "node-edge", 80), ("trig", "node-dead", 81), ("other", "elsewhere", 3600) })
        {
            await t.ExecuteAsync($"""
                INSERT INTO qrtz_scheduler_state (sched_name, instance_name, last_checkin_time, checkin_interval)
                VALUES ('{sched}', '{instance}', {now.AddSeconds(-ago).UtcTicks}, 20000)
                """);
        }

        var status = await t.Store.ReadClusterStatusAsync(new ClusterStatusQuery("trig", now, TimeSpan.FromSeconds(60), 5), default);

        Assert.False(status.SchedulerInMemory);
        Assert.Equal(
            [
                new SchedulerNode("node-dead", now.AddSeconds(-81), TimeSpan.FromSeconds(20), true),
                new SchedulerNode("node-edge", now.AddSeconds(-80), TimeSpan.FromSeconds(20), false),
                new SchedulerNode("node-live", now.AddSeconds(-30), TimeSpan.FromSeconds(20), false),
            ],
            status.Nodes);
        Assert.Null(status.Open);
    }
}
