using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Polly;
using Refit;
using Trig.Crm.Actions.Email;
using Trig.Crm.Actions.Slack;
using Trig.Crm.Actions.Slack.Api;
using Trig.Crm.Actions.Webhooks;
using Trig.Crm.Lifecycle.Actions;

namespace Trig.Crm.Actions;

/// <summary>Registers the action handlers that reach people: Slack, signed webhooks and plain-text email.</summary>
public static class ActionsServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <c>slack</c>, <c>webhook</c> and <c>email</c> <see cref="IActionHandler"/>s with their options
    /// (<c>Trig:Slack</c>, <c>Trig:Webhooks</c>, <c>Trig:Smtp</c>) and HTTP clients. A missing token or SMTP host does
    /// not stop the host: a warning is logged at start and those actions fail with a reason naming the key.
    /// HTTP resilience here is a per-call timeout only; retries belong to the outbox dispatcher.
    /// </summary>
    public static IHostApplicationBuilder AddTrigActions(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        services.TryAddSingleton(TimeProvider.System);

        services.AddOptions<SlackOptions>().Bind(configuration.GetSection(SlackOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SmtpOptions>().Bind(configuration.GetSection(SmtpOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<WebhookOptions>().Bind(configuration.GetSection(WebhookOptions.Section));

        services.TryAddSingleton<SlackUserCache>();
        services.TryAddSingleton<ChannelPacer>();
        services.TryAddSingleton<SlackChannelDirectory>();
        services.TryAddTransient<SlackAuthHandler>();

        var refitSettings = new RefitSettings(new SystemTextJsonContentSerializer(new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        }));
        services.AddRefitGeneratedClient<ISlackApi>(refitSettings)
            .ConfigureHttpClient((sp, client) =>
            {
                var baseUrl = sp.GetRequiredService<IOptions<SlackOptions>>().Value.BaseUrl;
                client.BaseAddress = new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/");
            })
            .AddHttpMessageHandler<SlackAuthHandler>()
            .AddResilienceHandler("trig-slack", (builder, context) =>
                builder.AddTimeout(context.ServiceProvider.GetRequiredService<IOptions<SlackOptions>>().Value.RequestTimeout));

        services.AddHttpClient(WebhookActionHandler.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false })
            .AddResilienceHandler("trig-webhooks", (builder, context) =>
                builder.AddTimeout(context.ServiceProvider.GetRequiredService<IOptions<WebhookOptions>>().Value.Timeout));

        services.AddTransient<IActionHandler, SlackActionHandler>();
        services.TryAddTransient(sp => new SlackAlertSender(sp.GetRequiredService<ISlackApi>(), sp.GetRequiredService<IOptions<SlackOptions>>()));
        services.AddTransient<IActionHandler, WebhookActionHandler>();
        services.AddTransient<IActionHandler, EmailActionHandler>();

        services.AddHostedService<ActionsConfigurationCheck>();
        return builder;
    }
}
