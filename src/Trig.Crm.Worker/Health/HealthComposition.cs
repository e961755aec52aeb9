namespace Trig.Crm.Worker.Health;

/// <summary>The readiness checks (ASP.NET Core health checks), all tagged <see cref="Ready"/>.</summary>
internal static class HealthComposition
{
    public const string Ready = "ready";

    public static IHostApplicationBuilder AddTrigHealthChecks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<HealthOptions>().Bind(builder.Configuration.GetSection(HealthOptions.Section));
        builder.Services.AddSingleton<HealthStart>();
        builder.Services.AddHealthChecks()
            .AddCheck<StoreHealthCheck>("store", tags: [Ready])
            .AddCheck<StoreWritesHealthCheck>("store_writes", tags: [Ready])
            .AddCheck<DefinitionsHealthCheck>("definitions", tags: [Ready])
            .AddCheck<LastCycleHealthCheck>("last_cycle", tags: [Ready])
            .AddCheck<OutboxHealthCheck>("outbox", tags: [Ready])
            .AddCheck<CrmQuotaHealthCheck>("crm_quota", tags: [Ready]);
        return builder;
    }
}
