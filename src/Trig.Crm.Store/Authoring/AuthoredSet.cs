namespace Trig.Crm.Store.Authoring;

/// <summary>The authored entries in force, and the set version they make up.</summary>
public sealed record AuthoredSet(long Version, IReadOnlyList<AuthoredEntry> Entries)
{
    public static AuthoredSet Empty { get; } = new(0, []);
}
