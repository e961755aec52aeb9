using Refit;

namespace Trig.Crm.Actions.Slack.Api;

/// <summary>
/// The Slack Web API methods Trig uses. The bot token travels in the <c>Authorization</c> header
/// (<see cref="SlackAuthHandler"/>), never in the query string. Slack reports most errors as HTTP 200 with
/// <c>ok:false</c>, so every caller checks <see cref="SlackResponse.Ok"/>.
/// </summary>
internal interface ISlackApi
{
    /// <summary><c>chat.postMessage</c> (scope <c>chat:write</c>).</summary>
    [Post("/chat.postMessage")]
    Task<IApiResponse<PostMessageResponse>> PostMessageAsync([Body] PostMessageRequest request, CancellationToken cancellationToken);

    /// <summary><c>users.lookupByEmail</c> (scope <c>users:read.email</c>).</summary>
    [Get("/users.lookupByEmail")]
    Task<IApiResponse<LookupByEmailResponse>> LookupByEmailAsync(string email, CancellationToken cancellationToken);

    /// <summary><c>conversations.open</c> (scope <c>im:write</c>): opens or resumes a DM.</summary>
    [Post("/conversations.open")]
    Task<IApiResponse<ConversationsOpenResponse>> OpenConversationAsync([Body] ConversationsOpenRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// <c>conversations.history</c> with message metadata (scopes <c>channels:history</c> / <c>groups:history</c> /
    /// <c>im:history</c>). <paramref name="oldest"/> is a Slack timestamp (<c>seconds.micros</c>).
    /// </summary>
    [Get("/conversations.history?include_all_metadata=true")]
    Task<IApiResponse<ConversationsHistoryResponse>> HistoryAsync(string channel, string oldest, int limit, string? cursor, CancellationToken cancellationToken);

    /// <summary>
    /// <c>conversations.list</c> (scopes <c>channels:read</c> / <c>groups:read</c>): public and private channels the bot
    /// can see, to turn a <c>#name</c> into the channel id that <c>conversations.history</c> requires.
    /// </summary>
    [Get("/conversations.list?exclude_archived=true&types=public_channel,private_channel")]
    Task<IApiResponse<ConversationsListResponse>> ListConversationsAsync(int limit, string? cursor, CancellationToken cancellationToken);

    /// <summary>
    /// <c>conversations.join</c> (scope <c>channels:join</c>): a bot posting to a public channel through
    /// <c>chat:write.public</c> is not a member, and history answers <c>not_in_channel</c> until it joins.
    /// </summary>
    [Post("/conversations.join")]
    Task<IApiResponse<ConversationsJoinResponse>> JoinConversationAsync([Body] ConversationsJoinRequest request, CancellationToken cancellationToken);
}
