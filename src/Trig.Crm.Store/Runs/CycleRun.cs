namespace Trig.Crm.Store.Runs;

/// <summary>
/// One full cycle in the run history: when it started, how long it took, whether it completed (<c>ok</c>) or
/// <c>failed</c> (with the error), and what it did.
/// </summary>
public sealed record CycleRun(
    long Id,
    string Kind,
    DateTimeOffset StartedAt,
    TimeSpan Duration,
    string Outcome,
    string? Error,
    int EntitiesEvaluated,
    int Transitions,
    int ActionsQueued,
    int PropertiesWritten)
{
    public const string Ok = "ok";
    public const string Failed = "failed";

    public bool Succeeded => Outcome == Ok;
}
