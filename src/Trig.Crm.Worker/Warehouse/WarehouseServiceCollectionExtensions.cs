using Quartz;

namespace Trig.Crm.Worker.Warehouse;

/// <summary>Registers the warehouse sources of <c>Trig:Warehouse:Sources</c>, one Quartz job per source.</summary>
public static class WarehouseServiceCollectionExtensions
{
    /// <summary>Binds <see cref="WarehouseOptions"/>, registers <see cref="WarehouseSync"/> and schedules each source on its <c>Cron</c>.</summary>
    public static IHostApplicationBuilder AddTrigWarehouse(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<WarehouseOptions>().Bind(builder.Configuration.GetSection(WarehouseOptions.Section));
        builder.Services.AddSingleton<WarehouseSync>();
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
                    throw new Hosting.StartupException($"Trig:Warehouse:Sources:{s.Key}:Cron '{cron}' is not a valid Quartz cron expression");
                }

                if (WarehouseSync.ParseEntity(s["Entity"] ?? "organisation") is null)
                {
                    throw new Hosting.StartupException($"Trig:Warehouse:Sources:{s.Key}:Entity must be organisation or person");
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
