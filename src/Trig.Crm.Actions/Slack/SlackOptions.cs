using System.ComponentModel.DataAnnotations;

namespace Trig.Crm.Actions.Slack;

/// <summary>Slack Web API settings, bound from <c>Trig:Slack</c>.</summary>
internal sealed class SlackOptions
{
    public const string Section = "Trig:Slack";

    /// <summary>API root. Default <c>https://slack.com/api/</c> (a test points it at loopback).</summary>
    [Required]
    [Url]
    public string BaseUrl { get; set; } = "https://slack.com/api/";

    /// <summary>
    /// Bot token (<c>xoxb-…</c>), sent as <c>Authorization: Bearer</c>. No default: without it the host still starts,
    /// and every Slack action fails with a reason naming <c>Trig:Slack:BotToken</c>.
    /// </summary>
    public string? BotToken { get; set; }

    /// <summary>Time limit for one HTTP call to Slack. Default 10 seconds.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a found <c>users.lookupByEmail</c> result is cached. Default 1 hour.</summary>
    public TimeSpan UserCacheDuration { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a <c>users_not_found</c> miss is cached. Default 15 minutes.</summary>
    public TimeSpan UserMissCacheDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Spacing between messages to one channel (Slack allows about 1 per second). Default 1 second.</summary>
    public TimeSpan ChannelInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Messages a channel may take at once before pacing starts. Default 3.</summary>
    [Range(1, 100)]
    public int ChannelBurst { get; set; } = 3;

    /// <summary>
    /// The longest a handler waits for its channel slot; a longer wait returns Retry with that delay so the
    /// dispatcher is not held. Default 5 seconds.
    /// </summary>
    public TimeSpan MaxPacingWait { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How far before the transition's time the duplicate check (conversations.history) looks, for clock skew.
    /// Default 10 minutes.
    /// </summary>
    public TimeSpan HistoryMargin { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Attributes shown in the message's context line, the first 4 present on the entity or its organisation.
    /// Default (when unset) <c>plan, license_type, arr, mrr, lifecyclestage, email, domain</c>.
    /// </summary>
    public IList<string>? ContextAttributes { get; set; }

    /// <summary>The configured context attributes, else the defaults (kept apart so binding replaces, not appends).</summary>
    internal IReadOnlyList<string> EffectiveContextAttributes =>
        ContextAttributes is { Count: > 0 } configured ? [.. configured] : ["plan", "license_type", "arr", "mrr", "lifecyclestage", "email", "domain"];
}
