namespace Trig.Crm.Store.Insights;

/// <summary>A current member of a definition: its id, since when, and the requested attributes (null = no value).</summary>
public sealed record MemberRow(string Id, DateTimeOffset EnteredAt, IReadOnlyDictionary<string, string?> Attributes);
