namespace Trig.Crm.Worker.Tests.Support;

/// <summary>Where, in one send, the simulated crash lands.</summary>
public enum SendCrashPoint
{
    /// <summary>The row is marked as being sent, then the process dies: nothing left the machine.</summary>
    BeforeRequest,

    /// <summary>The request reached the receiver (it stored the message), and the response never came back.</summary>
    ResponseLost,

    /// <summary>The handler got the answer and returned "sent"; the process dies before the outbox row is marked.</summary>
    AfterResponseBeforeMark,
}
