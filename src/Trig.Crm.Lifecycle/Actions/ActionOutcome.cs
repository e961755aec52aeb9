namespace Trig.Crm.Lifecycle.Actions;

/// <summary>The outcome of one dispatch attempt.</summary>
public abstract record ActionOutcome
{
    /// <summary>Delivered. <paramref name="Detail"/> is kept on the row (e.g. the Slack ts).</summary>
    public sealed record Sent(string? Detail = null) : ActionOutcome;

    /// <summary>Nothing to send (e.g. a person without email); recorded with the reason, not retried.</summary>
    public sealed record Skipped(string Reason) : ActionOutcome;

    /// <summary>A transient failure: retried after <paramref name="RetryAfter"/> (or the dispatcher's backoff).</summary>
    public sealed record Retry(string Reason, TimeSpan? RetryAfter = null) : ActionOutcome;

    /// <summary>A permanent failure: dead-lettered with the reason; can be retried by hand.</summary>
    public sealed record Failed(string Reason) : ActionOutcome;
}
