using Quartz;
using Trig.Crm.Engine.Options;
using Trig.Crm.Worker.Jobs;

namespace Trig.Crm.Worker.Hosting;

/// <summary>Schedules the daily signal snapshot on <c>Trig:Schedule:SignalSnapshot</c> (a Quartz cron, read in UTC).</summary>
internal static class InsightsSchedules
{
    public static IHostApplicationBuilder AddTrigInsightsSchedules(this IHostApplicationBuilder builder)
    {
        var cron = (builder.Configuration.GetSection("Trig:Schedule").Get<TrigOptions.ScheduleSection>() ?? new()).SignalSnapshot;
        try
        {
            _ = new CronExpression(cron);
        }
        catch (FormatException)
        {
            throw new StartupException($"Trig:Schedule:SignalSnapshot '{cron}' is not a valid Quartz cron expression");
        }

        builder.Services.AddQuartz(q =>
        {
            var key = new JobKey("signal-snapshot");
            q.AddJob<SignalSnapshotJob>(j => j.WithIdentity(key));
            q.AddTrigger(t => t.ForJob(key).WithIdentity("signal-snapshot-cron").WithCronSchedule(cron, c => c.InTimeZone(TimeZoneInfo.Utc)));
        });
        return builder;
    }
}
