namespace Trig.Crm.Store.Authoring;

/// <summary>
/// One authored entry as published: a definition or roll-up (<see cref="Key"/> is its key) or one schema declaration
/// (key <c>schema.organisation.NAME</c>, <c>schema.person.NAME</c> or <c>schema.events.NAME</c>). <see cref="Text"/>
/// is a complete definitions-file document holding just this entry.
/// </summary>
public sealed record AuthoredEntry(string Key, string Section, string Text, long SetVersion, DateTimeOffset At, string Actor);
