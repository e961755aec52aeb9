using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Timeout;
using Refit;
using Trig.Crm.HubSpot.Api;
using Trig.Crm.HubSpot.Http;
using Trig.Crm.HubSpot.Sink;
using Trig.Crm.HubSpot.Source;
using Trig.Crm.HubSpot.Telemetry;
using Trig.Crm.Lifecycle.Ports;

namespace Trig.Crm.HubSpot;

/// <summary>Registers the HubSpot connector.</summary>
public static class HubSpotServiceCollectionExtensions
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>
    /// Adds the HubSpot connector (call it when <c>Trig:Crm:Provider</c> is <c>hubspot</c>): <see cref="HubSpotOptions"/>
    /// from <c>Trig:HubSpot</c>, validated at start (a missing <c>Trig:HubSpot:AccessToken</c> fails with one line),
    /// the Refit clients (bearer token, one shared pacer, which also keeps to the cluster's budget when an
/// <see cref="ICrmRequestBudget"/> is registered and <c>Trig:Pacing:Shared</c> is on, retries with jittered backoff on 5xx and timeouts),
    /// <see cref="ICrmSource"/> and <see cref="ICrmMetadataSink"/> (provider <c>hubspot</c>), and a <see cref="TimeProvider"/>.
    /// </summary>
    public static IHostApplicationBuilder AddTrigHubSpot(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<HubSpotOptions>()
            .Bind(builder.Configuration.GetSection(HubSpotOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<CrmPacingOptions>()
            .Bind(builder.Configuration.GetSection(CrmPacingOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<HubSpotRateLimiter>();
        services.AddMetrics();
        services.TryAddSingleton<HubSpotMetrics>();
        services.AddSingleton<ICrmQuota, HubSpotQuota>();
        services.TryAddTransient<HubSpotAuthHandler>();
        services.TryAddTransient<HubSpotPacingHandler>();

        var settings = new RefitSettings(new SystemTextJsonContentSerializer(Json));
        AddClient<IHubSpotObjectsApi>(services, settings);
        AddClient<IHubSpotPropertiesApi>(services, settings);
        AddClient<IHubSpotOwnersApi>(services, settings);
        AddClient<IHubSpotAssociationsApi>(services, settings);

        services.TryAddTransient<HubSpotCrmSource>();
        services.TryAddTransient<HubSpotMetadataSink>();
        services.AddTransient<ICrmSource>(sp => sp.GetRequiredService<HubSpotCrmSource>());
        services.AddTransient<ICrmMetadataSink>(sp => sp.GetRequiredService<HubSpotMetadataSink>());
        return builder;
    }

    private static void AddClient<T>(IServiceCollection services, RefitSettings settings)
        where T : class
    {
        var client = services.AddRefitGeneratedClient<T>(settings)
            .ConfigureHttpClient((sp, client) =>
            {
                client.BaseAddress = new Uri(sp.GetRequiredService<IOptions<HubSpotOptions>>().Value.BaseUrl.TrimEnd('/'));

                // Pacing may hold a request for up to one window; the attempt timeout below bounds the wire time.
                client.Timeout = TimeSpan.FromMinutes(5);
            })
            .AddHttpMessageHandler<HubSpotAuthHandler>();
        client.AddResilienceHandler("hubspot-retry", (builder, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<HubSpotOptions>>().Value;
                builder.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = 4,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = options.RetryBaseDelay,
                    MaxDelay = TimeSpan.FromSeconds(30),
                    ShouldRetryAfterHeader = true,

                    // 429s are the pacer's (inner) business; a DAILY limit must not be retried at all.
                    ShouldHandle = args => ValueTask.FromResult(args.Outcome switch
                    {
                        { Exception: HttpRequestException or TimeoutRejectedException } => true,
                        { Result: { } response } => response.StatusCode == HttpStatusCode.RequestTimeout || (int)response.StatusCode >= 500,
                        _ => false,
                    }),
                });
            });
        client.AddHttpMessageHandler<HubSpotPacingHandler>();
        client.AddResilienceHandler("hubspot-attempt", builder => builder.AddTimeout(TimeSpan.FromSeconds(30)));
    }
}
