using Quartz;
using Trig.Crm.Engine.Options;
using Trig.Crm.HubSpot;
using Trig.Crm.Worker.Admin;
using Trig.Crm.Worker.Endpoints;
using Trig.Crm.Worker.Jobs;
using Trig.Crm.Worker.Services;
using Trig.Crm.Worker.Telemetry;

namespace Trig.Crm.Worker.Hosting;

/// <summary>
/// Builds the two hosts over the one composition (<see cref="TrigComposition.AddTrig"/>): the long-running web host of
/// <c>trig run</c>, and the plain host the CLI commands use.
/// </summary>
internal static class TrigHost
{
    /// <summary>The <c>trig run</c> host: the composition plus hosted loops, Quartz schedules and the HTTP API.</summary>
    public static WebApplication BuildWeb(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = Directory.GetCurrentDirectory() });
        builder.AddTrig();
        builder.AddTrigSchedules();
        builder.AddTrigWarehouseSchedules();
        builder.AddTrigInsightsSchedules();
        builder.AddTrigEndpointServices();
        var http = builder.Configuration.GetSection("Trig:Http").Get<TrigOptions.HttpSection>() ?? new();
        builder.WebHost.UseUrls(http.Urls);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = RequestBodyLimits.ServerMax);
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseRequestBodyLimits();
        var crm = builder.Configuration.GetSection("Trig:Crm").Get<TrigOptions.CrmSection>() ?? new();
        app.MapHealthEndpoints();
        app.MapAdminEndpoints();
        app.MapDefinitionAuthoringEndpoints();
        app.MapInsightsEndpoints();
        app.MapRunEndpoints();
        app.MapTrigMetrics();
        app.MapCardEndpoints(local: crm.Provider.Equals("local", StringComparison.OrdinalIgnoreCase));
        app.MapHubSpotWebhookEndpoints();
        app.MapIngestEndpoints();
        app.MapAdminPage();
        app.MapOpenApi(); // GET /openapi/v1.json: the shape of this API, no data; anonymous.
        return app;
    }

    /// <summary>The CLI host: the same composition, without hosted loops, schedules or HTTP.</summary>
    public static IHost BuildCli(string[] configArgs, Action<HostApplicationBuilder>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = configArgs, ContentRootPath = Directory.GetCurrentDirectory() });
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddTrig();
        configure?.Invoke(builder);
        return builder.Build();
    }

    private static IHostApplicationBuilder AddTrigEndpointServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        builder.Services.AddSingleton<HubSpotRequestVerifier>();
        // The settings page signs admin calls with the HubSpot app secret whatever the CRM provider; validation of
        // the rest of Trig:HubSpot belongs to the connector and applies only when it is the provider.
        builder.Services.AddOptions<HubSpotOptions>().Bind(builder.Configuration.GetSection(HubSpotOptions.SectionName));
        builder.Services.AddScoped<AdminAuthFilter>();
        builder.AddTrigAdminOidc();
        return builder;
    }

    private static IHostApplicationBuilder AddTrigSchedules(this IHostApplicationBuilder builder)
    {
        // Read at composition time: Quartz triggers are fixed when the scheduler is built.
        var schedule = builder.Configuration.GetSection("Trig:Schedule").Get<TrigOptions.ScheduleSection>() ?? new();
        builder.Services.AddHostedService<StartupService>();
        builder.Services.AddQuartz(q =>
        {
            q.UseTrigJobStore(builder.Configuration);
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
        builder.Services.AddHostedService<IngestFastPathService>();
        builder.Services.AddHostedService<ShardHelperService>();
        return builder;
    }
}
