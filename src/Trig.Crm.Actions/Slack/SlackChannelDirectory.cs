using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Trig.Crm.Actions.Slack.Api;
using Trig.Crm.Lifecycle.Actions;

namespace Trig.Crm.Actions.Slack;

/// <summary>
/// Turns a channel given by name (<c>#cs-alerts</c>) into its id. chat.postMessage accepts a name, but
/// conversations.history, which the duplicate check reads after a crash mid-post, accepts only an id: posting by
/// name made that check fail, and every crashed channel post was sent twice. Ids (<c>C…</c>, <c>G…</c>, <c>D…</c>)
/// pass through. Names are read with conversations.list and kept for <see cref="SlackOptions.UserCacheDuration"/>;
/// process-wide, clocked by TimeProvider.
/// </summary>
internal sealed partial class SlackChannelDirectory(TimeProvider time, ILogger<SlackChannelDirectory> logger)
{
    private const int PageSize = 1000;
    private const int MaxPages = 50;

    private readonly ConcurrentDictionary<string, (string Id, DateTimeOffset Expires)> _ids = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>True when <paramref name="channel"/> already is a conversation id.</summary>
    public static bool IsId(string channel) => ChannelId().IsMatch(channel);

    /// <summary>
    /// The id of <paramref name="channel"/>. A problem is Failed when the channel does not exist (or the bot cannot
    /// see it), Retry when Slack could not answer. Without the <c>channels:read</c> scope the name is returned as
    /// given, with a warning: the post still goes out, but a crash mid-post cannot be checked and may post twice.
    /// </summary>
    public async Task<(string? Id, ActionOutcome? Problem)> ResolveAsync(ISlackApi api, string channel, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        if (IsId(channel))
        {
            return (channel, null);
        }

        var name = channel.TrimStart('#');
        if (_ids.TryGetValue(name, out var cached) && cached.Expires > time.GetUtcNow())
        {
            return (cached.Id, null);
        }

        string? cursor = null;
        for (var page = 0; page < MaxPages; page++)
        {
            var pageCursor = cursor;
            var result = await SlackCall.RunAsync("conversations.list", ct => api.ListConversationsAsync(PageSize, pageCursor, ct), cancellationToken);
            if (result.Value is { Ok: false, Error: "missing_scope" })
            {
                logger.LogWarning("Slack: cannot look up #{Channel} (the bot token lacks channels:read); posting by name, so a post cut by a crash may be sent twice. Add the scope or give the channel id", name);
                return (channel, null);
            }

            if (!result.Succeeded)
            {
                return (null, result.Problem);
            }

            var expires = time.GetUtcNow() + lifetime;
            string? found = null;
            foreach (var c in result.Value!.Channels ?? [])
            {
                if (c.Name is { Length: > 0 } n && c.Id.Length > 0)
                {
                    _ids[n] = (c.Id, expires);
                    if (n.Equals(name, StringComparison.OrdinalIgnoreCase))
                    {
                        found = c.Id;
                    }
                }
            }

            if (found is not null)
            {
                return (found, null);
            }

            cursor = result.Value.ResponseMetadata?.NextCursor;
            if (string.IsNullOrEmpty(cursor))
            {
                break;
            }
        }

        return (null, new ActionOutcome.Failed($"slack channel #{name} not found (archived, misspelt, or private without the bot in it)"));
    }

    // Slack conversation ids: C (public), G (private, older), D (direct message), upper-case alphanumerics.
    [GeneratedRegex("^[CGD][A-Z0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex ChannelId();
}
