namespace Trig.Crm.Store.Authoring;

/// <summary>One stored version of an authored entry: its text (null when this version retired it) and its diff against the one before.</summary>
public sealed record AuthoredVersion(string Key, long SetVersion, string Section, string? Text, string Diff, DateTimeOffset At, string Actor, string Action);
