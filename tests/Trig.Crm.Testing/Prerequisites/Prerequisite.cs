namespace Trig.Crm.Testing.Prerequisites;

/// <summary>
/// Something a test needs from the machine (a Debian package). Outside CI a missing one makes the test report
/// Skipped with the reason; in CI (<c>CI=true</c>, exported by .ci/run) the test runs, and fails, because there the
/// package must be installed.
/// </summary>
internal static class Prerequisite
{
    public static bool InCi => Environment.GetEnvironmentVariable("CI") == "true";

    /// <summary>The skip reason for a missing prerequisite outside CI; null when it is present or in CI.</summary>
    public static string? SkipReason(bool present, string missing) => present || InCi ? null : missing + " (CI=true makes this a failure)";

    /// <summary>Fails the running test when the prerequisite is missing (reached in CI, where it is not skipped).</summary>
    public static void Require(bool present, string missing) => Assert.True(present, missing + " (CI=true: the package must be installed)");
}
