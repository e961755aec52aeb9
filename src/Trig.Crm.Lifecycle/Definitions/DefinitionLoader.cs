using Trig.Crm.Lifecycle.Definitions.Loading;

namespace Trig.Crm.Lifecycle.Definitions;

/// <summary>
/// Loads definition YAML files into a validated <see cref="DefinitionSet"/>. Every problem is reported as
/// <c>file:line:col: message</c>; a set with any error is refused (the caller keeps its last valid set).
/// The format is documented in docs/definitions.md.
/// </summary>
public static class DefinitionLoader
{
    /// <summary>Loads definitions from (file name, content) pairs.</summary>
    public static LoadResult Load(IReadOnlyList<(string File, string Content)> files)
    {
        var session = new LoadSession();
        foreach (var (file, content) in files)
        {
            session.ReadFile(file, content);
        }

        return session.Finish(files);
    }
}
