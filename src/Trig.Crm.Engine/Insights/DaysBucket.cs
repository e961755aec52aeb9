namespace Trig.Crm.Engine.Insights;

/// <summary>
/// Organisations whose time in the stage falls in [<see cref="FromDays"/>, <see cref="ToDays"/>) days (no upper
/// bound when <see cref="ToDays"/> is null), split by how their stage run stands: still in it, completed or exited.
/// </summary>
internal sealed record DaysBucket(string Label, int FromDays, int? ToDays, int Total, int Active, int Completed, int Exited);
