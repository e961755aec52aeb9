namespace Trig.Crm.Store.Insights;

/// <summary>
/// A signal on one UTC day: its members and ARR at risk when the snapshot was taken, and the entities that entered
/// or left it during that day. One per signal and day: taking it again replaces it.
/// </summary>
public sealed record SignalSnapshot(
    string SignalKey,
    DateOnly Day,
    int Members,
    double? ArrAtRisk,
    IReadOnlyList<string> Entered,
    IReadOnlyList<string> Left,
    DateTimeOffset TakenAt);
