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

    /// <summary>The configuration key the action's channel lacks, or null when it can be sent.</summary>
    public string? MissingSetting(ActionSpec action) => action switch
    {
        SlackAction => Unset("Trig:Slack:BotToken"),
        EmailAction => Unset("Trig:Smtp:Host"),
        WebhookAction w => Unset($"Trig:Webhooks:Secrets:{SecretName(w)}"),
        _ => null,
    };

    /// <summary>True when the key has a non-blank value.</summary>
    public bool IsSet(string key) => !string.IsNullOrWhiteSpace(configuration[key]);

    /// <summary>The reason kept on a waiting row: <c>{key} is not set</c>.</summary>
    public static string WaitingReason(string key) => key + NotSet;

    /// <summary>The key a waiting reason names, or null when the reason is not one of <see cref="WaitingReason"/>.</summary>
    public static string? SettingOf(string reason) =>
        reason.EndsWith(NotSet, StringComparison.Ordinal) && reason.Length > NotSet.Length ? reason[..^NotSet.Length] : null;

    private string? Unset(string key) => IsSet(key) ? null : key;

    private string SecretName(WebhookAction action)
    {
        if (!string.IsNullOrWhiteSpace(action.Secret))
        {
            return action.Secret.Trim();
        }

        var configured = configuration["Trig:Webhooks:DefaultSecretName"];
        return string.IsNullOrWhiteSpace(configured) ? "default" : configured;
    }
}
