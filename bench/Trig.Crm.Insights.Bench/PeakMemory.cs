using System.Diagnostics;

/// <summary>
/// Peak resident memory of this process since the last <see cref="Reset"/>: on Linux, writing 5 to
/// /proc/self/clear_refs resets the high-water mark (VmHWM); elsewhere the process peak is all there is.
/// </summary>
internal static class PeakMemory
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
        if (Source != "process peak" && HighWaterMegabytes("self") is { } mb)
        {
            return mb;
        }

        using var p = Process.GetCurrentProcess();
        return p.PeakWorkingSet64 / 1048576d;
    }

    /// <summary>
    /// The high-water mark (VmHWM of /proc/PID/status) of process <paramref name="pid"/> (<c>self</c> for this one) in
    /// MB, or null where there is none to read (not Linux, or the process has exited).
    /// </summary>
    public static double? HighWaterMegabytes(string pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? null : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024d;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
