namespace Trig.Crm.Store.Authoring;

/// <summary>One entry's change within a set version: its new text, or null when it is retired; and the text diff.</summary>
public sealed record AuthoredEdit(string Key, string Section, string? Text, string Diff);
