using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Refit;
using Trig.Crm.Dynamics.Api;
using Trig.Crm.Dynamics.Auth;
using Trig.Crm.Dynamics.Http;
using Trig.Crm.Dynamics.Sink;
using Trig.Crm.Dynamics.Source;
using Trig.Crm.Dynamics.Telemetry;
using Trig.Crm.Lifecycle.Ports;

namespace Trig.Crm.Dynamics;

/// <summary>Registers the Dynamics 365 / Dataverse connector.</summary>
public static class DynamicsServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="DataverseCrmSource"/> and <see cref="DataverseMetadataSink"/> (also as <see cref="ICrmSource"/> and
    /// <see cref="ICrmMetadataSink"/>), the token provider and the HTTP clients, with options from <c>Trig:Dataverse</c>
    /// and <c>Trig:Pacing</c> validated at start-up. Every request keeps to the cluster's budget too when an
    /// <see cref="ICrmRequestBudget"/> is registered and <c>Trig:Pacing:Shared</c> is on. Call it only when
    /// <c>Trig:Crm:Provider</c> is <c>dynamics</c>.
    /// </summary>
    public static IHostApplicationBuilder AddTrigDynamics(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<DataverseOptions>()
            .Bind(builder.Configuration.GetSection(DataverseOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<CrmPacingOptions>()
            .Bind(builder.Configuration.GetSection(CrmPacingOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddLogging();

        services.TryAddSingleton<DataverseTokenProvider>();
        services.TryAddSingleton<ServiceProtectionGate>();
        services.TryAddSingleton<DataverseSharedBudget>();
        services.AddMetrics();
        services.TryAddSingleton<DataverseMetrics>();
        services.TryAddSingleton<DataverseWebClient>();
        services.TryAddSingleton<OwnerEmailCache>();
        services.AddTransient<ServiceProtectionHandler>();
        services.AddTransient<SharedBudgetHandler>();
        services.AddTransient<DataverseAuthHandler>();

        services.AddHttpClient(DataverseTokenProvider.HttpClientName)
            .ConfigureHttpClient(c => c.Timeout = TimeSpan.FromSeconds(60))
            .AddResilienceHandler("trig-dataverse-authority", pipeline => AddAttemptTimeout(AddTransientRetry(pipeline)));

        services.AddHttpClient(DataverseWebClient.HttpClientName).ConfigureDataverse();

        var refit = new RefitSettings();
        services.AddRefitGeneratedClient<IDataverseMetadataApi>(refit).ConfigureDataverse();
        services.AddRefitGeneratedClient<IDataverseUsersApi>(refit).ConfigureDataverse();

        services.TryAddSingleton(sp => new DataverseCrmSource(
            sp.GetRequiredService<DataverseWebClient>(),
            sp.GetRequiredService<OwnerEmailCache>(),
            sp.GetRequiredService<IOptions<DataverseOptions>>(),
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<DataverseCrmSource>>()));
        services.TryAddSingleton(sp => new DataverseMetadataSink(
            sp.GetRequiredService<IDataverseMetadataApi>(),
            sp.GetRequiredService<DataverseWebClient>(),
            sp.GetRequiredService<ServiceProtectionGate>(),
            sp.GetRequiredService<IOptions<DataverseOptions>>(),
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<DataverseMetadataSink>>()));
        services.AddSingleton<ICrmSource>(sp => sp.GetRequiredService<DataverseCrmSource>());
        services.AddSingleton<ICrmMetadataSink>(sp => sp.GetRequiredService<DataverseMetadataSink>());
        return builder;
    }

    /// <summary>
    /// Handler order, outermost first: service protection (concurrency gate, full Retry-After waits on 429), Polly's
    /// retry of transient 5xx/timeouts (jittered backoff), a permit of the cluster's shared budget, Polly's per-attempt
    /// timeout, then token and OData headers.
    /// </summary>
    /// <remarks>
    /// The shared budget sits behind the gate and the retry, right before the wire: every attempt, a resend after a 429
    /// or a 5xx retry included, is a request Dataverse counts, so each takes its own permit, and it takes it last so
    /// the permit's window is the one the request is sent in (a request waiting out a Retry-After or a concurrency slot
    /// holds no permit of a window it will not be sent in). It sits before the attempt timeout, so waiting for the next
    /// window (up to 5 minutes with <c>Trig:Pacing:Slices=1</c>) is not mistaken for a hung request.
    /// </remarks>
    private static IHttpClientBuilder ConfigureDataverse(this IHttpClientBuilder builder)
    {
        builder
            .ConfigureHttpClient((sp, client) =>
            {
                client.BaseAddress = sp.GetRequiredService<IOptions<DataverseOptions>>().Value.OrgUri;

                // Polly's per-attempt timeout governs; a large $batch may take minutes.
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            .AddHttpMessageHandler<ServiceProtectionHandler>();
        builder.AddResilienceHandler("trig-dataverse", pipeline => AddTransientRetry(pipeline));
        builder.AddHttpMessageHandler<SharedBudgetHandler>();
        builder.AddResilienceHandler("trig-dataverse-attempt", pipeline => AddAttemptTimeout(pipeline));
        builder.AddHttpMessageHandler<DataverseAuthHandler>();
        return builder;
    }

    private static ResiliencePipelineBuilder<HttpResponseMessage> AddTransientRetry(ResiliencePipelineBuilder<HttpResponseMessage> pipeline) =>
        pipeline.AddRetry(new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = 3,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromSeconds(2),
            ShouldRetryAfterHeader = true,

            // 429 is left to ServiceProtectionHandler, which waits the full Retry-After and slows everything down.
            ShouldHandle = args => ValueTask.FromResult(args.Outcome switch
            {
                { Exception: HttpRequestException or Polly.Timeout.TimeoutRejectedException } => true,
                { Result: { } r } => r.StatusCode != HttpStatusCode.TooManyRequests
                    && (r.StatusCode == HttpStatusCode.RequestTimeout || (int)r.StatusCode >= 500),
                _ => false,
            }),
        });

    private static ResiliencePipelineBuilder<HttpResponseMessage> AddAttemptTimeout(ResiliencePipelineBuilder<HttpResponseMessage> pipeline) =>
        pipeline.AddTimeout(TimeSpan.FromMinutes(2));
}
