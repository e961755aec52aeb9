namespace Trig.Crm.Engine.Insights;

/// <summary>Registers pattern discovery and measurement (options under <c>Trig:Insights</c>, validated at start-up).</summary>
internal static class InsightsServiceCollectionExtensions
{
    public static IHostApplicationBuilder AddTrigInsights(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<InsightsOptions>().Bind(builder.Configuration.GetSection(InsightsOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<RetentionAnalysis>();
        builder.Services.AddSingleton<FunnelAnalysis>();
        builder.Services.AddSingleton<JobAnalysis>();
        builder.Services.AddSingleton<SignalHistory>();
        builder.Services.AddSingleton<CohortMembers>();
        return builder;
    }
}
