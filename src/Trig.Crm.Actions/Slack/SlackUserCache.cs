using System.Collections.Concurrent;

namespace Trig.Crm.Actions.Slack;

/// <summary>
/// Remembers <c>users.lookupByEmail</c> answers, hits and misses alike, so a burst of notifications for one owner
/// costs one lookup (Tier 3). Also keeps the DM channel opened for a user. Process-wide, clocked by TimeProvider.
/// </summary>
internal sealed class SlackUserCache(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Entry> _users = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, string> _dms = new(StringComparer.Ordinal);

    /// <summary>True when the email has a live entry; <paramref name="userId"/> is null for a cached miss.</summary>
    public bool TryGet(string email, out string? userId)
    {
        if (_users.TryGetValue(email, out var entry) && entry.Expires > time.GetUtcNow())
        {
            userId = entry.UserId;
            return true;
        }

        userId = null;
        return false;
    }

    public void Set(string email, string? userId, TimeSpan lifetime)
    {
        if (_users.Count > 10_000)
        {
            var now = time.GetUtcNow();
            foreach (var (key, value) in _users)
            {
                if (value.Expires <= now)
                {
                    _users.TryRemove(key, out _);
                }
            }
        }

        _users[email] = new Entry(userId, time.GetUtcNow() + lifetime);
    }

    public bool TryGetDm(string userId, out string channelId) => _dms.TryGetValue(userId, out channelId!);

    public void SetDm(string userId, string channelId) => _dms[userId] = channelId;

    private sealed record Entry(string? UserId, DateTimeOffset Expires);
}
