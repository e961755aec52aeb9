namespace Trig.Crm.Engine.Authoring;

/// <summary>
/// One entry of a definitions document: a definition or roll-up (by its key), or one schema declaration
/// (<c>schema.organisation.NAME</c>, <c>schema.person.NAME</c>, <c>schema.events.NAME</c>). <see cref="Text"/> is a
/// complete definitions-file document holding just this entry.
/// </summary>
public sealed record DocumentEntry(string Key, string Section, string Text)
{
    public bool IsSchema => Section == "schema";
}
