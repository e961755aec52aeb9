using Quartz;
using Trig.Crm.Engine.Cluster;
using Trig.Crm.Engine.Options;

namespace Trig.Crm.Worker.Hosting;

/// <summary>
/// Where Quartz keeps its schedule. On SQLite (one <c>trig run</c>) in memory, as always. On PostgreSQL in the same
/// database, clustered: every <c>trig run</c> sharing it is one node, and each firing (cycle, dispatch, warehouse
/// sources, signal snapshot) runs on exactly one of them. The <c>qrtz_</c> tables come from the store's own
/// migrations, and Quartz only checks them at start (it never creates or changes them).
/// </summary>
internal static class ClusteredScheduler
{
    /// <summary>The name every node shares: Quartz clusters the schedulers of one name in one database.</summary>
    public const string Name = "trig";

    public static bool IsClustered(IConfiguration configuration)
    {
        var store = configuration.GetSection("Trig:Store").Get<TrigOptions.StoreSection>() ?? new();
        return store.Provider.Equals("postgres", StringComparison.OrdinalIgnoreCase) || store.Provider.Equals("postgresql", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Read at composition time: Quartz's job store is fixed when the scheduler is built.</summary>
    public static void UseTrigJobStore(this IQuartzBuilder q, IConfiguration configuration)
    {
        if (!IsClustered(configuration))
        {
            return;
        }

        var store = configuration.GetSection("Trig:Store").Get<TrigOptions.StoreSection>() ?? new();
        var cluster = configuration.GetSection(ClusterOptions.Section).Get<ClusterOptions>() ?? new();
        q.ConfigureScheduler(s => s.InstanceName = Name);
        q.UsePersistentStore(s =>
        {
            s.UsePostgres(store.ConnectionString);
            // Quartz 4's System.Text.Json serializer; our job data is strings only (a warehouse source's name).
            s.UseSerializer<Quartz.Impl.SystemTextJsonObjectSerializer>();
            s.ConfigureStore(o =>
            {
                o.StoreJobDataAsStrings = true;
                o.MisfireThreshold = TimeSpan.FromSeconds(cluster.MisfireThresholdSeconds);
                // Verify, never create: the schema is the store's migration 9.
                o.SchemaProvisioning = SchemaProvisioning.Validate;
            });
            s.UseClustering(c =>
            {
                c.CheckinInterval = TimeSpan.FromSeconds(cluster.CheckinIntervalSeconds);
                c.CheckinMisfireThreshold = TimeSpan.FromSeconds(cluster.CheckinMisfireThresholdSeconds);
            });
        });
    }
}
