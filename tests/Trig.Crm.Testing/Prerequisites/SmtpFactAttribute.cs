using System.Diagnostics;

namespace Trig.Crm.Testing.Prerequisites;

/// <summary>A fact that needs a loopback SMTP server (Debian's python3-aiosmtpd): Skipped where it is missing, except in CI, where it runs and fails.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
internal sealed class SmtpFactAttribute : FactAttribute
{
    public const string Python = "/usr/bin/python3";
    public const string Missing = "python3-aiosmtpd is missing (" + Python + " -m aiosmtpd): apt-get install -y python3-aiosmtpd";

    private static readonly Lazy<bool> Installed = new(Probe);

    public SmtpFactAttribute()
    {
        if (Prerequisite.SkipReason(Present, Missing) is { } reason)
        {
            Skip = reason;
        }
    }

    public static bool Present => Installed.Value;

    public static void Require() => Prerequisite.Require(Present, Missing);

    private static bool Probe()
    {
        if (!File.Exists(Python))
        {
            return false;
        }

        using var p = Process.Start(new ProcessStartInfo(Python, ["-c", "import aiosmtpd"]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        p.WaitForExit(30_000);
        return p.HasExited && p.ExitCode == 0;
    }
}
