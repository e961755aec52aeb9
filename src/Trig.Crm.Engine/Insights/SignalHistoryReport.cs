namespace Trig.Crm.Engine.Insights;

/// <summary>A signal's history from the day it went live, and where it stands now.</summary>
internal sealed record SignalHistoryReport(string Signal, string Name, DateTimeOffset? LiveSince, int Members, double? ArrAtRisk, IReadOnlyList<SignalDay> Days);
