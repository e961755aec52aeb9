namespace Trig.Crm.Engine.Definitions;

/// <summary>
/// Reads definition files from disk: the file-system part of loading, kept out of the pure Lifecycle project
/// (its loader only sees text).
/// </summary>
public static class DefinitionFiles
{
    /// <summary>
    /// A single file, or every <c>*.yaml</c>/<c>*.yml</c> file under a folder as (path, content), sorted by path.
    /// Hidden entries (names starting with '.') are skipped: a Kubernetes ConfigMap mount keeps each version in a
    /// hidden <c>..timestamp</c> folder behind a <c>..data</c> link, and the visible files are links into it, so
    /// reading the hidden entries too would read every file twice. Links are followed, and a file reached through
    /// several links is read once.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The path is neither a file nor a folder.</exception>
    public static IReadOnlyList<(string File, string Content)> Read(string path)
    {
        if (File.Exists(path))
        {
            return [(path, File.ReadAllText(path))];
        }

        if (!Directory.Exists(path))
        {
            throw new DirectoryNotFoundException($"definitions folder not found: {path}");
        }

        var files = new List<string>();
        Collect(path, files, new HashSet<string>(StringComparer.Ordinal));
        var targets = new HashSet<string>(StringComparer.Ordinal);
        return [.. files.Order(StringComparer.Ordinal).Where(f => targets.Add(RealPath(f))).Select(f => (f, File.ReadAllText(f)))];
    }

    private static void Collect(string folder, List<string> files, HashSet<string> visited)
    {
        // A link back to an ancestor folder would otherwise recurse forever.
        if (!visited.Add(RealPath(folder)))
        {
            return;
        }

        foreach (var entry in Directory.EnumerateFileSystemEntries(folder))
        {
            if (Path.GetFileName(entry).StartsWith('.'))
            {
                continue;
            }

            if (Directory.Exists(entry))
            {
                Collect(entry, files, visited);
            }
            else if (entry.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || entry.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            {
                files.Add(entry);
            }
        }
    }

    private static string RealPath(string path)
    {
        var info = Directory.Exists(path) ? (FileSystemInfo)new DirectoryInfo(path) : new FileInfo(path);
        return info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? info.FullName;
    }
}
