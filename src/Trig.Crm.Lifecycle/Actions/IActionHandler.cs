namespace Trig.Crm.Lifecycle.Actions;

/// <summary>Delivers one kind of outbox action (<c>slack</c>, <c>webhook</c>, <c>email</c>).</summary>
public interface IActionHandler
{
    /// <summary>The <see cref="ActionSpec.Kind"/> this handler delivers.</summary>
    string Kind { get; }

    /// <summary>
    /// Sends the action once. Must not throw for delivery failures: return <see cref="ActionOutcome.Retry"/> or
    /// <see cref="ActionOutcome.Failed"/>. Never swallow <see cref="OperationCanceledException"/>.
    /// </summary>
    Task<ActionOutcome> SendAsync(ActionContext context, CancellationToken cancellationToken);
}
