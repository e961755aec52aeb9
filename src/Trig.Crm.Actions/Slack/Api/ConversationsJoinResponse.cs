namespace Trig.Crm.Actions.Slack.Api;

/// <summary><c>conversations.join</c> result: only <c>ok</c>/<c>error</c> are read.</summary>
internal sealed record ConversationsJoinResponse : SlackResponse;
