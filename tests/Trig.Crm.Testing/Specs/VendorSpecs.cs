namespace Trig.Crm.Testing.Specs;

/// <summary>
/// The vendors' OpenAPI specs live outside the repository: <c>TRIG_SPECS_DIR</c> names the folder, which holds
/// <c>hubspot/</c>, <c>dataverse/</c> and <c>slack/</c>. Without it, the tests that need a spec report Skipped.
/// </summary>
internal static class VendorSpecs
{
    public const string Variable = "TRIG_SPECS_DIR";

    public const string NotSetReason = "TRIG_SPECS_DIR is not set (the folder of the vendors' OpenAPI specs)";

    public static string? Directory => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } dir ? dir : null;

    /// <summary>Why the spec of <paramref name="vendor"/> (or the folder, when null) cannot be used, or null when it can.</summary>
    public static string? SkipReason(string? vendor = null)
    {
        if (Directory is not { } dir)
        {
            return NotSetReason;
        }

        var path = vendor is null ? dir : Path.Combine(dir, vendor);
        return System.IO.Directory.Exists(path) ? null : $"{Variable} is set to {dir}, but {path} does not exist (the folder of the vendors' OpenAPI specs)";
    }

    public static bool Available(string vendor) => SkipReason(vendor) is null;

    /// <summary>The folder of one vendor's spec; throws with the skip reason when it is not available.</summary>
    public static string Folder(string vendor) =>
        SkipReason(vendor) is { } reason ? throw new InvalidOperationException(reason) : Path.Combine(Directory!, vendor);
}
