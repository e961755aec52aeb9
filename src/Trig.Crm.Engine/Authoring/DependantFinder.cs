using Trig.Crm.Engine.Definitions;
using Trig.Crm.Lifecycle.Definitions;

namespace Trig.Crm.Engine.Authoring;

/// <summary>
/// Which definitions a removal breaks: the load without the removed entry fails at the places that used it, and each
/// place belongs to the definition that starts before it in its file (or to the authored entry whose file it is).
/// </summary>
internal static class DependantFinder
{
    public static IReadOnlyList<string> Find(IEnumerable<Diagnostic> errors, DefinitionSet? current)
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var e in errors)
        {
            var file = e.Location.File;
            if (file.StartsWith(AuthoredFiles.Prefix, StringComparison.Ordinal) && file.EndsWith(".yaml", StringComparison.Ordinal))
            {
                found.Add(file[AuthoredFiles.Prefix.Length..^".yaml".Length]);
                continue;
            }

            var owner = current?.Ordered
                .Where(d => d.Location.File == file && d.Location.Line <= e.Location.Line)
                .MaxBy(d => d.Location.Line);
            found.Add(owner?.Key ?? $"{e.Location}");
        }

        return [.. found];
    }
}
