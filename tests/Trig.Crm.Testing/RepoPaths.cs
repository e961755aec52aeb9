namespace Trig.Crm.Testing;

/// <summary>Paths of the repository the tests (and benches) run from, found by walking up to Trig.Crm.sln.</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> RootPath = new(Find);

    /// <summary>The repository root (TRIG_REPO_ROOT when set, otherwise the folder above the build output holding Trig.Crm.sln).</summary>
    public static string Root => RootPath.Value;

    public static string SampleLifecycle => Path.Combine(Root, "samples", "lifecycle");

    /// <summary>The sample lifecycle's files as (path, content), sorted by path: what the definition loader takes.</summary>
    public static List<(string File, string Content)> SampleLifecycleFiles() =>
        [.. Directory.GetFiles(SampleLifecycle, "*.yaml").Order(StringComparer.Ordinal).Select(f => (f, File.ReadAllText(f)))];

    /// <summary>
    /// The built <c>trig</c> executable: the copy beside the running assembly when a project reference put it there,
    /// otherwise src/Trig.Crm.Worker's build output of the same configuration (bin/Debug or bin/Release).
    /// </summary>
    public static string TrigDll
    {
        get
        {
            var beside = Path.Combine(AppContext.BaseDirectory, "trig.dll");
            if (File.Exists(beside))
            {
                return beside;
            }

            var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name; // …/bin/<Configuration>/net10.0/
            var dll = Path.Combine(Root, "src", "Trig.Crm.Worker", "bin", configuration, "net10.0", "trig.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException("build src/Trig.Crm.Worker first", dll);
        }
    }

    private static string Find()
    {
        if (Environment.GetEnvironmentVariable("TRIG_REPO_ROOT") is { Length: > 0 } root)
        {
            return root;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Trig.Crm.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Trig.Crm.sln not found above " + AppContext.BaseDirectory);
    }
}
