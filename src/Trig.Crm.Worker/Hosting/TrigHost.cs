using Quartz;
using Trig.Crm.Worker.Endpoints;
using Trig.Crm.Worker.Engine;
using Trig.Crm.Worker.Ingest;
using Trig.Crm.Worker.Jobs;
using Trig.Crm.Worker.Options;

namespace Trig.Crm.Worker.Hosting;

/// <summary>Builds the two hosts: the long-running web host of <c>trig run</c>, and the plain host the CLI commands use.</summary>
public static class TrigHost
{
    /// <summary>The <c>trig run</c> host: Quartz schedules, the fast path and the HTTP API.</summary>
    public static WebApplication BuildWeb(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = Directory.GetCurrentDirectory() });
        builder.AddTrigCore();
        builder.AddTrigSchedules();
        builder.AddTrigIngest();
        builder.Services.AddProblemDetails();
        builder.Services.AddSingleton<CardService>();
        builder.Services.AddSingleton<HubSpotRequestVerifier>();
        builder.Services.AddScoped<AdminAuthFilter>();
        builder.WebHost.UseUrls(builder.Configuration["Trig:Http:Urls"] ?? new TrigOptions().Http.Urls);
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapHealthEndpoints();
        app.MapAdminEndpoints();
        app.MapCardEndpoints();
        app.MapHubSpotWebhookEndpoints();
        app.MapIngestEndpoints();
        return app;
    }

    /// <summary>The CLI host: the same services without schedules or HTTP.</summary>
    public static IHost BuildCli(string[] configArgs, Action<HostApplicationBuilder>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = configArgs, ContentRootPath = Directory.GetCurrentDirectory() });
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddTrigCore();
        configure?.Invoke(builder);
        return builder.Build();
    }

    private static IHostApplicationBuilder AddTrigSchedules(this IHostApplicationBuilder builder)
    {
        var schedule = builder.Configuration.GetSection("Trig:Schedule").Get<TrigOptions.ScheduleSection>() ?? new();
        builder.Services.AddHostedService<StartupService>();
        builder.Services.AddQuartz(q =>
        {
            var cycle = new JobKey("cycle");
            q.AddJob<CycleJob>(j => j.WithIdentity(cycle));
            q.AddTrigger(t => t.ForJob(cycle).WithIdentity("cycle-cron").WithCronSchedule(schedule.Cycle));
            var dispatch = new JobKey("dispatch");
            q.AddJob<DispatchJob>(j => j.WithIdentity(dispatch));
            q.AddTrigger(t => t.ForJob(dispatch).WithIdentity("dispatch-interval").StartNow()
                .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromSeconds(schedule.DispatchSeconds)).RepeatForever()));
        });
        builder.Services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        builder.Services.AddHostedService<FastPathService>();
        return builder;
    }
}
