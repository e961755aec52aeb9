using Trig.Crm.Lifecycle.Actions;

namespace Trig.Crm.Actions.Slack.Api;

/// <summary>A Slack response, or the outcome to return when the call did not succeed.</summary>
internal readonly record struct SlackResult<T>(T? Value, ActionOutcome? Problem)
    where T : SlackResponse
{
    public bool Succeeded => Problem is null && Value is not null;

    public static SlackResult<T> Success(T value) => new(value, null);

    public static SlackResult<T> Fail(ActionOutcome outcome) => new(default, outcome);
}
