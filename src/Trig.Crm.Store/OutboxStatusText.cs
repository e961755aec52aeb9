namespace Trig.Crm.Store;

/// <summary>
/// The text of each <see cref="OutboxStatus"/>: the value of the SQLite <c>outbox.status</c> column and what the
/// admin API and <c>trig actions</c> print. Existing databases hold these strings, so they must never change.
/// </summary>
public static class OutboxStatusText
{
    public static string ToText(this OutboxStatus status) => status switch
    {
        OutboxStatus.Pending => "pending",
        OutboxStatus.InFlight => "in_flight",
        OutboxStatus.Retry => "retry",
        OutboxStatus.Sent => "sent",
        OutboxStatus.Skipped => "skipped",
        OutboxStatus.Dead => "dead",
        OutboxStatus.Done => "done",
        OutboxStatus.Waiting => "waiting",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "unknown outbox status"),
    };

    public static OutboxStatus Parse(string text) => text switch
    {
        "pending" => OutboxStatus.Pending,
        "in_flight" => OutboxStatus.InFlight,
        "retry" => OutboxStatus.Retry,
        "sent" => OutboxStatus.Sent,
        "skipped" => OutboxStatus.Skipped,
        "dead" => OutboxStatus.Dead,
        "done" => OutboxStatus.Done,
        "waiting" => OutboxStatus.Waiting,
        _ => throw new FormatException($"'{text}' is not an outbox status"),
    };
}
