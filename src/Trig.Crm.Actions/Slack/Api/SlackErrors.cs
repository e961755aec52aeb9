using Trig.Crm.Lifecycle.Actions;

namespace Trig.Crm.Actions.Slack.Api;

/// <summary>
/// Sorts Slack <c>ok:false</c> error codes: the few that are transient are retried by the dispatcher; every other
/// code (<c>channel_not_found</c>, <c>not_in_channel</c>, <c>is_archived</c>, <c>invalid_auth</c>, <c>missing_scope</c>,
/// <c>msg_too_long</c>, <c>invalid_blocks</c>, …, and codes Slack adds later) is permanent until a person acts.
/// </summary>
internal static class SlackErrors
{
    private static readonly HashSet<string> Transient = new(StringComparer.Ordinal)
    {
        "ratelimited",
        "rate_limited",
        "internal_error",
        "fatal_error",
        "service_unavailable",
        "request_timeout",
        "team_added_to_org",
    };

    public static bool IsTransient(string? error) => error is not null && Transient.Contains(error);

    public static ActionOutcome ToOutcome(string method, string? error)
    {
        var code = string.IsNullOrEmpty(error) ? "unknown_error" : error;
        var reason = $"slack {method}: {code}";
        return IsTransient(code) ? new ActionOutcome.Retry(reason) : new ActionOutcome.Failed(reason);
    }
}
