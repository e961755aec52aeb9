namespace Trig.Crm.Engine.Cycle;

/// <summary>
/// How often the full cycle is meant to run (the interval of <c>Trig:Schedule:Cycle</c>, worked out by the host from
/// the cron). Health and the stale alert measure lateness against it.
/// </summary>
public sealed record CycleSchedule(TimeSpan Interval);
