using Trig.Crm.Store.Authoring;

namespace Trig.Crm.Engine.Definitions;

/// <summary>Authored entries as the loader's (file, content) pairs: one virtual file per entry, named after its key.</summary>
public static class AuthoredFiles
{
    /// <summary>The prefix of every authored virtual file name (messages about an authored entry name it).</summary>
    public const string Prefix = "authored/";

    public static IReadOnlyList<(string File, string Content)> Of(IEnumerable<AuthoredEntry> entries) =>
        [.. entries.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => (FileOf(e.Key), e.Text))];

    public static string FileOf(string key) => $"{Prefix}{key}.yaml";
}
