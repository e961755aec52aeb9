using Trig.Crm.Lifecycle.Actions;

namespace Trig.Crm.Engine.Outbox;

/// <summary>
/// Whether an action's channel is configured, asked by the dispatcher before it sends: a Slack action needs
/// <c>Trig:Slack:BotToken</c>, an email <c>Trig:Smtp:Host</c>, a webhook its signing secret
/// <c>Trig:Webhooks:Secrets:&lt;name&gt;</c> (the name the action gives, else <c>Trig:Webhooks:DefaultSecretName</c>,
/// default <c>default</c>). These keys are the documented contract of docs/configuration.md, read here from
/// configuration because Engine may not reference Actions (docs/architecture.md). Configuration is read on every
/// call, so a reloaded setting counts at the next dispatch run.
/// </summary>
internal sealed class ChannelReadiness(IConfiguration configuration)
{
    private const string NotSet = " is not set";
    private const string SlackToken = "Trig:Slack:BotToken";
    private const string SmtpHost = "Trig:Smtp:Host";
    private const string WebhookSecrets = "Trig:Webhooks:Secrets";

    /// <summary>
    /// The channels whose readiness is one fixed setting, whatever the action says: their rows can be parked (and
    /// released) a whole kind at a time. A webhook's setting depends on the action (its secret name), so it has none.
    /// </summary>
    public static readonly IReadOnlyList<(string Kind, string Key)> FixedSettings = [("slack", SlackToken), ("email", SmtpHost)];

    /// <summary>The configuration key the action's channel lacks (a webhook's secret name in lower case), or null when it can be sent.</summary>
    public string? MissingSetting(ActionSpec action) => action switch
    {
        SlackAction => Unset(SlackToken),
        EmailAction => Unset(SmtpHost),
        WebhookAction w => Unset($"{WebhookSecrets}:{SecretName(w.Secret).ToLowerInvariant()}"),
        _ => null,
    };

    /// <summary>True when the key has a non-blank value.</summary>
    public bool IsSet(string key) => !string.IsNullOrWhiteSpace(configuration[key]);

    /// <summary>The reason kept on a waiting row: <c>{key} is not set</c>.</summary>
    public static string WaitingReason(string key) => key + NotSet;

    /// <summary>
    /// The settings a waiting reason can name that are set now: the fixed ones and each webhook secret configured
    /// under <c>Trig:Webhooks:Secrets</c>. Every waiting row is written with <see cref="WaitingReason"/> of a key
    /// <see cref="MissingSetting"/> gave (the dispatcher is the only writer of waiting rows), so releasing by these
    /// reasons releases every row whose channel is now configured. A webhook's key names its secret in lower case,
    /// in the reason as here, as configuration keys ignore case: <c>Trig__Webhooks__Secrets__ACME</c> in the
    /// environment releases the rows of an action whose secret is <c>acme</c> or <c>Acme</c>.
    /// </summary>
    public IEnumerable<string> SetKeys()
    {
        foreach (var (_, key) in FixedSettings)
        {
            if (IsSet(key))
            {
                yield return key;
            }
        }

        foreach (var secret in configuration.GetSection(WebhookSecrets).GetChildren())
        {
            if (!string.IsNullOrWhiteSpace(secret.Value))
            {
                yield return $"{WebhookSecrets}:{secret.Key.ToLowerInvariant()}";
            }
        }
    }

    private string? Unset(string key) => IsSet(key) ? null : key;

    /// <summary>What a webhook's waiting reason is made of: the prefix, then the secret's name, then the suffix.</summary>
    public static (string Prefix, string Suffix) WebhookReasonParts => (WebhookSecrets + ":", NotSet);

    /// <summary>The secret name of a webhook that names none.</summary>
    public string DefaultSecretName => SecretName(null);

    /// <summary>The webhook secrets configured now (non-blank), lower case: configuration keys ignore case.</summary>
    public IReadOnlyCollection<string> ConfiguredSecretNames() =>
        [.. configuration.GetSection(WebhookSecrets).GetChildren().Where(s => !string.IsNullOrWhiteSpace(s.Value)).Select(s => s.Key.ToLowerInvariant())];

    private string SecretName(string? secret)
    {
        if (!string.IsNullOrWhiteSpace(secret))
        {
            return secret.Trim();
        }

        var configured = configuration["Trig:Webhooks:DefaultSecretName"];
        return string.IsNullOrWhiteSpace(configured) ? "default" : configured;
    }
}
