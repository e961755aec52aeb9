namespace Trig.Crm.Engine.Cluster;

/// <summary>Registers the sharded cycle and its options (<c>Trig:Cluster</c>, validated at start-up).</summary>
internal static class ClusterServiceCollectionExtensions
{
    public static IHostApplicationBuilder AddTrigCluster(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ClusterOptions>().Bind(builder.Configuration.GetSection(ClusterOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<ClusterNode>();
        builder.Services.AddSingleton<ShardRunner>();
        builder.Services.AddSingleton<ShardedEvaluation>();
        builder.Services.AddSingleton<ShardHelper>();
        return builder;
    }
}
