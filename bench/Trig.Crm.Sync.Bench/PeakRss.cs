using System.Diagnostics;
using System.Globalization;

/// <summary>
/// Peak resident memory of this process since the last <see cref="Reset"/>: on Linux, writing 5 to
/// /proc/self/clear_refs resets the high-water mark (VmHWM), so each cycle gets its own peak; elsewhere only the
/// process peak (<see cref="Process.PeakWorkingSet64"/>) is known.
/// </summary>
internal static class PeakRss
{
    public static string Source { get; private set; } = "process peak";

    public static void Reset()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            Source = "VmHWM since reset";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Source = "process peak";
        }
    }

    public static double Megabytes()
    {
        if (Source != "process peak" && File.Exists("/proc/self/status"))
        {
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            if (line is not null)
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024d;
            }
        }

        using var p = Process.GetCurrentProcess();
        return p.PeakWorkingSet64 / 1048576d;
    }
}
