using System.Globalization;
using Trig.Crm.Store;

namespace Trig.Crm.Engine.Outbox;

/// <summary>
/// What one dispatch run did, per channel (action kind), for the one summary line per channel:
/// <c>slack: 12 sent, 1 retry, 3 waiting (Trig:Slack:BotToken is not set)</c>. Thread-safe (rows go out in parallel).
/// </summary>
internal sealed class DispatchTally
{
    private static readonly OutboxStatus[] Order = [OutboxStatus.Sent, OutboxStatus.Skipped, OutboxStatus.Retry, OutboxStatus.Dead, OutboxStatus.Waiting, OutboxStatus.Pending];

    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, Channel> _channels = new(StringComparer.Ordinal);

    /// <summary>Counts <paramref name="count"/> rows of <paramref name="kind"/> left in <paramref name="status"/>.</summary>
    public void Add(string kind, OutboxStatus status, string? note, int count = 1)
    {
        lock (_gate)
        {
            if (!_channels.TryGetValue(kind, out var channel))
            {
                _channels[kind] = channel = new Channel();
            }

            channel.Counts[status] = channel.Counts.GetValueOrDefault(status) + count;
            if (note is not null)
            {
                channel.Notes.Add(note);
            }
        }
    }

    public int Count(OutboxStatus status)
    {
        lock (_gate)
        {
            return _channels.Values.Sum(c => c.Counts.GetValueOrDefault(status));
        }
    }

    /// <summary>One line per channel that had rows: the counts that are not zero (sent always), then the notes.</summary>
    public IReadOnlyList<(string Line, bool Trouble)> Lines()
    {
        lock (_gate)
        {
            return [.. _channels.Select(kv => (Line(kv.Key, kv.Value), Trouble(kv.Value)))];
        }
    }

    private static string Line(string kind, Channel c)
    {
        var parts = Order.Where(s => s == OutboxStatus.Sent || c.Counts.GetValueOrDefault(s) > 0)
            .Select(s => string.Create(CultureInfo.InvariantCulture, $"{c.Counts.GetValueOrDefault(s)} {s.ToText()}"));
        var notes = c.Notes.Count == 0 ? "" : $" ({string.Join("; ", c.Notes)})";
        return $"{kind}: {string.Join(", ", parts)}{notes}";
    }

    private static bool Trouble(Channel c) =>
        c.Counts.GetValueOrDefault(OutboxStatus.Retry) + c.Counts.GetValueOrDefault(OutboxStatus.Dead) + c.Counts.GetValueOrDefault(OutboxStatus.Waiting) > 0;

    private sealed class Channel
    {
        public Dictionary<OutboxStatus, int> Counts { get; } = [];

        public SortedSet<string> Notes { get; } = new(StringComparer.Ordinal);
    }
}
