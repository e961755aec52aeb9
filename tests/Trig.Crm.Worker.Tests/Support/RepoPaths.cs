namespace Trig.Crm.Worker.Tests.Support;

/// <summary>Paths of the repository the tests run from (found by walking up to Trig.Crm.sln).</summary>
internal static class RepoPaths
{
    public static string Root { get; } = Find();

    public static string SampleLifecycle => Path.Combine(Root, "samples", "lifecycle");

    public static string Specs => "/work/shared/specs";

    /// <summary>The built <c>trig</c> executable, copied beside the tests by the project reference.</summary>
    public static string TrigDll => Path.Combine(AppContext.BaseDirectory, "trig.dll");

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
