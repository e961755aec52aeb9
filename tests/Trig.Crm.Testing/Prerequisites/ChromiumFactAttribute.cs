namespace Trig.Crm.Testing.Prerequisites;

/// <summary>A fact that drives Debian's Chromium: Skipped where /usr/bin/chromium is missing, except in CI, where it runs and fails.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
internal sealed class ChromiumFactAttribute : FactAttribute
{
    public const string Path = "/usr/bin/chromium";
    public const string Missing = Path + " is missing: apt-get install -y chromium";

    public ChromiumFactAttribute()
    {
        if (Prerequisite.SkipReason(Present, Missing) is { } reason)
        {
            Skip = reason;
        }
    }

    public static bool Present => File.Exists(Path);

    public static void Require() => Prerequisite.Require(Present, Missing);
}
