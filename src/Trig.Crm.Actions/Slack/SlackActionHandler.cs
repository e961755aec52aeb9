using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Trig.Crm.Actions.Slack.Api;
using Trig.Crm.Lifecycle.Actions;

namespace Trig.Crm.Actions.Slack;

/// <summary>
/// Delivers <c>slack</c> actions: a channel message (mentioning owners by email) or a DM to the CRM owner, as
/// Block Kit with a fallback text, the idempotency key in message metadata, paced per channel. One delivery
/// attempt per call; the dispatcher schedules retries.
/// </summary>
internal sealed class SlackActionHandler(
    ISlackApi api,
    SlackUserCache users,
    SlackChannelDirectory channels,
    ChannelPacer pacer,
    IOptionsMonitor<SlackOptions> options,
    TimeProvider time,
    ILogger<SlackActionHandler> logger) : IActionHandler
{
    /// <summary>The metadata event type Trig marks its messages with.</summary>
    public const string MetadataEventType = "trig_action";

    private const int HistoryPageSize = 200;
    private const int HistoryMaxPages = 10;

    public string Kind => "slack";

    public async Task<ActionOutcome> SendAsync(ActionContext context, CancellationToken cancellationToken)
    {
        if (context.Item.Action is not SlackAction action)
        {
            return new ActionOutcome.Failed($"slack handler got a {context.Item.Action.Kind} action");
        }

        var o = options.CurrentValue;
        if (string.IsNullOrWhiteSpace(o.BotToken))
        {
            return new ActionOutcome.Failed("Slack is not configured: set Trig:Slack:BotToken");
        }

        var item = context.Item;
        var channel = string.IsNullOrWhiteSpace(action.Channel) ? null : action.Channel.Trim();
        var to = string.IsNullOrWhiteSpace(action.To) ? null : action.To.Trim();
        if (channel is null && to is null)
        {
            return new ActionOutcome.Failed("slack action has neither channel nor to");
        }

        // Mentions first: their lookups are cached and a transient failure should not leave a half-sent message.
        var (userIds, mentionProblem) = await FindMentionedUsersAsync(action, context, cancellationToken);
        if (mentionProblem is not null)
        {
            return mentionProblem;
        }

        var (resolved, targetProblem) = to is null ? (channel, null) : await ResolveDirectTargetAsync(context, to, channel, cancellationToken);
        if (targetProblem is not null)
        {
            return targetProblem;
        }

        // History (the duplicate check) reads channels by id only: a #name is resolved before anything is posted.
        var (target, channelProblem) = await channels.ResolveAsync(api, resolved!, o.UserCacheDuration, cancellationToken);
        if (channelProblem is not null)
        {
            return channelProblem;
        }

        if (await EarlierAttemptOutcomeAsync(target!, item, o, cancellationToken) is { } earlier)
        {
            return earlier;
        }

        if (!pacer.TryReserve(target!, o.ChannelInterval, o.ChannelBurst, o.MaxPacingWait, out var wait))
        {
            return new ActionOutcome.Retry($"slack channel {target} is busy (paced to one message per {o.ChannelInterval.TotalSeconds:0.#}s)", wait);
        }

        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, time, cancellationToken);
        }

        var text = SlackMessageComposer.RenderText(action.Text, context.Entity, context.Organisation, userIds);
        var request = new PostMessageRequest(
            Channel: target!,
            Text: SlackMessageComposer.FallbackText(text, context),
            Blocks: SlackMessageComposer.Blocks(text, context, o.EffectiveContextAttributes),
            UnfurlLinks: false,
            Metadata: new SlackMessageMetadata(MetadataEventType, new Dictionary<string, string> { ["idempotency_key"] = item.IdempotencyKey }));

        var result = await SlackCall.RunAsync("chat.postMessage", ct => api.PostMessageAsync(request, ct), cancellationToken);
        if (!result.Succeeded)
        {
            return result.Problem!;
        }

        return new ActionOutcome.Sent($"{result.Value!.Channel ?? target} {result.Value.Ts}");
    }

    /// <summary>
    /// Any earlier attempt may have posted: a crash mid-send (OutcomeUnknown), but also a chat.postMessage that
    /// timed out or failed in transport after Slack had accepted it (it came back as Retry, so the row carries no
    /// crash marker). Only Slack can tell, so every retry looks for the key first; a first attempt never needs to.
    /// Null: go ahead and post.
    /// </summary>
    private async Task<ActionOutcome?> EarlierAttemptOutcomeAsync(string target, OutboxItem item, SlackOptions o, CancellationToken cancellationToken)
    {
        if (!item.OutcomeUnknown && item.Attempts == 0)
        {
            return null;
        }

        var (alreadySent, problem) = await FindEarlierPostAsync(target, item, o, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (alreadySent is null)
        {
            return null;
        }

        logger.LogInformation("Outbox {ItemId}: already posted to {Channel} at {Ts}; not posting again", item.Id, target, alreadySent);
        return new ActionOutcome.Sent($"{target} {alreadySent}");
    }

    /// <summary>Looks up the Slack user of each <c>@{x_email}</c> mention; a null id means "no Slack account".</summary>
    private async Task<(Dictionary<string, string?> UserIds, ActionOutcome? Problem)> FindMentionedUsersAsync(
        SlackAction action, ActionContext context, CancellationToken cancellationToken)
    {
        var userIds = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in SlackMessageComposer.MentionNames(action.Text))
        {
            var email = Placeholders.Lookup(name, context.Entity, context.Organisation);
            if (string.IsNullOrWhiteSpace(email) || !email.Contains('@', StringComparison.Ordinal) || userIds.ContainsKey(email))
            {
                continue;
            }

            var (userId, problem) = await FindUserAsync(email, cancellationToken);
            if (problem is not null)
            {
                return (userIds, problem);
            }

            userIds[email] = userId;
            if (userId is null)
            {
                logger.LogInformation("Outbox {ItemId}: {Email} has no Slack account; mentioning without a link", context.Item.Id, email);
            }
        }

        return (userIds, null);
    }

    private async Task<(string? Channel, ActionOutcome? Problem)> ResolveDirectTargetAsync(
        ActionContext context, string to, string? fallbackChannel, CancellationToken cancellationToken)
    {
        var item = context.Item;
        string? email;
        if (to.Equals("owner", StringComparison.OrdinalIgnoreCase))
        {
            email = context.Entity.OwnerEmail ?? context.Organisation?.OwnerEmail;
        }
        else if (to.Contains('@', StringComparison.Ordinal))
        {
            email = to;
        }
        else
        {
            return (null, new ActionOutcome.Failed($"slack action: unsupported to '{to}' (use owner or an email address)"));
        }

        if (string.IsNullOrWhiteSpace(email))
        {
            if (fallbackChannel is not null)
            {
                logger.LogInformation("Outbox {ItemId}: {EntityId} has no owner; posting to {Channel} instead", item.Id, item.EntityId, fallbackChannel);
                return (fallbackChannel, null);
            }

            return (null, new ActionOutcome.Failed($"{item.EntityKind.ToString().ToLowerInvariant()} {item.EntityId} has no owner to message"));
        }

        var (userId, problem) = await FindUserAsync(email, cancellationToken);
        if (problem is not null)
        {
            return (null, problem);
        }

        if (userId is null)
        {
            if (fallbackChannel is not null)
            {
                logger.LogInformation("Outbox {ItemId}: owner {Email} has no Slack account; posting to {Channel} instead", item.Id, email, fallbackChannel);
                return (fallbackChannel, null);
            }

            return (null, new ActionOutcome.Failed($"owner {email} has no Slack account"));
        }

        if (users.TryGetDm(userId, out var dm))
        {
            return (dm, null);
        }

        var opened = await SlackCall.RunAsync("conversations.open", ct => api.OpenConversationAsync(new ConversationsOpenRequest(userId), ct), cancellationToken);
        if (!opened.Succeeded)
        {
            return (null, opened.Problem);
        }

        if (opened.Value!.Channel?.Id is not { Length: > 0 } id)
        {
            return (null, new ActionOutcome.Retry("slack conversations.open: no channel id in the response"));
        }

        users.SetDm(userId, id);
        return (id, null);
    }

    /// <summary>Looks an email up, through the cache. A null id with no problem means "no Slack account".</summary>
    private async Task<(string? UserId, ActionOutcome? Problem)> FindUserAsync(string email, CancellationToken cancellationToken)
    {
        if (users.TryGet(email, out var cached))
        {
            return (cached, null);
        }

        var o = options.CurrentValue;
        var result = await SlackCall.RunAsync("users.lookupByEmail", ct => api.LookupByEmailAsync(email, ct), cancellationToken);
        if (result.Value is { Ok: false, Error: "users_not_found" })
        {
            users.Set(email, null, o.UserMissCacheDuration);
            return (null, null);
        }

        if (!result.Succeeded)
        {
            return (null, result.Problem);
        }

        var user = result.Value!.User;
        var id = user is { Deleted: false, Id.Length: > 0 } ? user.Id : null;
        users.Set(email, id, id is null ? o.UserMissCacheDuration : o.UserCacheDuration);
        return (id, null);
    }

    /// <summary>
    /// Before a retry or after a crash mid-send: looks through the target's recent history for a message carrying this idempotency
    /// key. When history cannot be read for a lasting reason (e.g. a channel given by name, or no history scope),
    /// it says so in the log and lets the post go ahead: a rare duplicate beats a lost notification.
    /// </summary>
    private async Task<(string? Ts, ActionOutcome? Problem)> FindEarlierPostAsync(string channel, OutboxItem item, SlackOptions o, CancellationToken cancellationToken)
    {
        // A transition dated ahead of the clock (a backfill, an --as-of) was still posted no later than now.
        var from = item.OccurredAt < time.GetUtcNow() ? item.OccurredAt : time.GetUtcNow();
        var oldest = (from - o.HistoryMargin).ToUnixTimeMilliseconds() / 1000m;
        var joined = false;
        var oldestText = oldest.ToString("0.000000", CultureInfo.InvariantCulture);
        string? cursor = null;
        for (var page = 0; page < HistoryMaxPages; page++)
        {
            var pageCursor = cursor;
            var result = await SlackCall.RunAsync("conversations.history", ct => api.HistoryAsync(channel, oldestText, HistoryPageSize, pageCursor, ct), cancellationToken);
            if (result.Value is { Ok: false, Error: "not_in_channel" } && !joined)
            {
                // Posted through chat:write.public without being a member: history needs membership, so join once.
                joined = true;
                var join = await SlackCall.RunAsync("conversations.join", ct => api.JoinConversationAsync(new ConversationsJoinRequest(channel), ct), cancellationToken);
                if (join.Succeeded)
                {
                    page--;
                    continue;
                }
            }

            if (!result.Succeeded)
            {
                if (result.Problem is ActionOutcome.Failed failed)
                {
                    logger.LogWarning("Outbox {ItemId}: cannot check {Channel} for an earlier post ({Reason}); posting", item.Id, channel, failed.Reason);
                    return (null, null);
                }

                return (null, result.Problem);
            }

            foreach (var message in result.Value!.Messages ?? [])
            {
                if (message.Metadata is { EventType: MetadataEventType, EventPayload: { ValueKind: JsonValueKind.Object } payload }
                    && payload.TryGetProperty("idempotency_key", out var key)
                    && key.ValueKind == JsonValueKind.String
                    && key.GetString() == item.IdempotencyKey)
                {
                    return (message.Ts ?? "", null);
                }
            }

            cursor = result.Value.ResponseMetadata?.NextCursor;
            if (!result.Value.HasMore || string.IsNullOrEmpty(cursor))
            {
                return (null, null);
            }
        }

        logger.LogWarning("Outbox {ItemId}: {Channel} has more history than checked; posting", item.Id, channel);
        return (null, null);
    }
}
