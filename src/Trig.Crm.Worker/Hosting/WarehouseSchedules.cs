using Quartz;
using Trig.Crm.Ingest.Warehouse;
using Trig.Crm.Worker.Jobs;

namespace Trig.Crm.Worker.Hosting;

/// <summary>Schedules the warehouse sources of <c>Trig:Warehouse:Sources</c>, one Quartz job per source.</summary>
internal static class WarehouseSchedules
{
    /// <summary>Schedules each source on its <c>Cron</c>; a bad cron or entity stops start-up with one line.</summary>
    public static IHostApplicationBuilder AddTrigWarehouseSchedules(this IHostApplicationBuilder builder)
    {
        var sources = builder.Configuration.GetSection(WarehouseOptions.Section + ":Sources").GetChildren().ToList();
        if (sources.Count == 0)
        {
            return builder;
        }

        builder.Services.AddQuartz(q =>
        {
            foreach (var s in sources)
            {
                var cron = s["Cron"] ?? new WarehouseSourceOptions().Cron;
                if (!IsValidCron(cron))
                {
                    throw new StartupException($"Trig:Warehouse:Sources:{s.Key}:Cron '{cron}' is not a valid Quartz cron expression");
                }

                if (WarehouseSync.ParseEntity(s["Entity"] ?? "organisation") is null)
                {
                    throw new StartupException($"Trig:Warehouse:Sources:{s.Key}:Entity must be organisation or person");
                }

                var key = new JobKey("warehouse-" + s.Key);
                q.AddJob<WarehouseJob>(j => j.WithIdentity(key).UsingJobData(WarehouseJob.SourceKey, s.Key));
                q.AddTrigger(t => t.ForJob(key).WithIdentity("warehouse-" + s.Key + "-cron").WithCronSchedule(cron));
            }
        });
        return builder;
    }

    private static bool IsValidCron(string cron)
    {
        try
        {
            _ = new CronExpression(cron);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
