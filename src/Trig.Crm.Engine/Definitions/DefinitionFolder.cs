using Trig.Crm.Lifecycle.Definitions;

namespace Trig.Crm.Engine.Definitions;

/// <summary>Loads the definition set from a folder (or a single file) on disk.</summary>
public static class DefinitionFolder
{
    /// <summary>Loads every <c>*.yaml</c>/<c>*.yml</c> file in a folder (sorted by name), or a single file.</summary>
    public static LoadResult Load(string path)
    {
        IReadOnlyList<(string File, string Content)> files;
        try
        {
            files = DefinitionFiles.Read(path);
        }
        catch (DirectoryNotFoundException)
        {
            return new LoadResult(null, [new Diagnostic(new SourceLocation(path, 1, 1), "definitions folder not found")]);
        }

        if (files.Count == 0)
        {
            return new LoadResult(null, [new Diagnostic(new SourceLocation(path, 1, 1), "no definition files (*.yaml) found")]);
        }

        return DefinitionLoader.Load(files);
    }
}
