namespace Trig.Crm.Actions.Webhooks;

/// <summary>
/// Webhook delivery settings, bound from <c>Trig:Webhooks</c>. The signing secrets live under
/// <c>Trig:Webhooks:Secrets:&lt;name&gt;</c>, the name coming from the action's <c>secret</c>.
/// </summary>
internal sealed class WebhookOptions
{
    public const string Section = "Trig:Webhooks";

    /// <summary>The secret name used when an action names none. Default <c>default</c>.</summary>
    public string DefaultSecretName { get; set; } = "default";

    /// <summary>Time limit for one POST. Default 10 seconds.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Signing secrets by name (<c>Trig:Webhooks:Secrets:&lt;name&gt;</c>). Secrets come from configuration only
    /// (environment, a secret store), never from the definitions.
    /// </summary>
    public IDictionary<string, string> Secrets { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The User-Agent sent. Default <c>Trig.Crm-Webhooks/1.0</c>.</summary>
    public string UserAgent { get; set; } = "Trig.Crm-Webhooks/1.0";
}
