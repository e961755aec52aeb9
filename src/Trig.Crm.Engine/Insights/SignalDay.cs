namespace Trig.Crm.Engine.Insights;

/// <summary>
/// A signal on one UTC day: its members at the end of the day (from its transitions), who entered and who left
/// that day, and, when the daily snapshot ran that day, the members and ARR at risk it recorded.
/// </summary>
internal sealed record SignalDay(DateOnly Day, int Members, IReadOnlyList<string> Entered, IReadOnlyList<string> Left, int? SnapshotMembers, double? ArrAtRisk);
