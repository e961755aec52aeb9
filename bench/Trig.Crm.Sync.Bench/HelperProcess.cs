using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

/// <summary>
/// One <c>trig run</c> as an operating-system process of its own (<c>dotnet trig.dll run</c>), as an operator runs a
/// node of the cluster: its own loopback HTTP port, its standard output and error written to files, stopped with
/// SIGTERM (the host's clean shutdown) and killed only when that does not end it in time.
/// </summary>
internal sealed class HelperProcess : IDisposable
{
    private const int SigTerm = 15;

    private readonly Process _process;
    private readonly Task _copying;
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new(); // the signal handler and the bench may stop the same process at once
    private bool _stopped;

    private HelperProcess(Process process, int node, int port, string logs, Task copying)
    {
        _process = process;
        Node = node;
        Port = port;
        Logs = logs;
        Pid = process.Id;
        _copying = copying;
        _process.Exited += (_, _) => _exited.TrySetResult();
        if (_process.HasExited)
        {
            _exited.TrySetResult(); // exited before the handler was attached
        }
    }

    /// <summary>The node's number in the bench's output (node 1 is the bench's own host).</summary>
    public int Node { get; }

    public int Pid { get; }

    public int Port { get; }

    /// <summary>The log files' path without extension: <c>.out</c> and <c>.err</c>.</summary>
    public string Logs { get; }

    /// <summary>Completes when the process exits, whoever ended it.</summary>
    public Task Exited => _exited.Task;

    public string Describe() => $"node {Node} (trig run, pid {Pid}, port {Port})";

    /// <summary>
    /// Starts <c>dotnet <paramref name="dll"/> run</c> in the folder of <paramref name="logs"/>, its output to
    /// <paramref name="logs"/> <c>.out</c> and <c>.err</c>. Settings go in as environment variables (<c>Trig__Store__…</c>), so a
    /// connection string's password is not on the command line for every user of the machine to read.
    /// </summary>
    public static HelperProcess Start(string dll, int node, int port, string logs, IReadOnlyList<string> args, IReadOnlyDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(logs),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        info.ArgumentList.Add("run");
        info.ArgumentList.Add($"--Trig:Http:Urls=http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["NO_COLOR"] = "1";
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.Start();
        var copying = Task.WhenAll(
            CopyAsync(process.StandardOutput.BaseStream, logs + ".out"),
            CopyAsync(process.StandardError.BaseStream, logs + ".err"));
        return new HelperProcess(process, node, port, logs, copying);
    }

    /// <summary>
    /// Returns once <c>/health/ready</c> answers 200 (migrated, definitions loaded: its shard helper is running), or
    /// throws when the process exits first or does not get there within <paramref name="bound"/>.
    /// </summary>
    public async Task WaitReadyAsync(HttpClient http, TimeSpan bound)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < bound)
        {
            if (_process.HasExited)
            {
                throw new NodeFailedException(ExitedEarly("while starting"));
            }

            try
            {
                using var ready = await http.GetAsync(new Uri($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/health/ready"));
                if (ready.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }

            await Task.WhenAny(Exited, Task.Delay(200));
        }

        throw new NodeFailedException($"{Describe()} was not ready within {bound.TotalSeconds:0} s; its output: {Logs}.out, {Logs}.err");
    }

    /// <summary>The process's peak resident memory so far in MB (VmHWM of /proc/PID/status), or null once it has exited.</summary>
    public double? PeakMegabytes() => PeakMemory.HighWaterMegabytes(Pid.ToString(CultureInfo.InvariantCulture));

    /// <summary>What to say when the process ended without being asked to: its exit code, where its output is, and its last lines.</summary>
    public string ExitedEarly(string when)
    {
        _process.WaitForExit(); // exit code and the last of its output
        _copying.Wait(TimeSpan.FromSeconds(5));
        var tail = File.Exists(Logs + ".err") ? File.ReadLines(Logs + ".err").TakeLast(15).ToList() : [];
        return $"{Describe()} exited with code {_process.ExitCode} {when}; its output: {Logs}.out, {Logs}.err" +
               (tail.Count == 0 ? "" : "\n  " + string.Join("\n  ", tail));
    }

    /// <summary>
    /// SIGTERM, then SIGKILL if it has not exited within <paramref name="grace"/>; says which it took, or null when
    /// another call stopped it already.
    /// </summary>
    public string? Stop(TimeSpan grace)
    {
        lock (_gate)
        {
            if (_stopped)
            {
                return null;
            }

            _stopped = true;
            return StopNow(grace);
        }
    }

    public void Dispose()
    {
        Stop(TimeSpan.FromSeconds(10));
        _process.Dispose();
    }

    private string StopNow(TimeSpan grace)
    {
        if (_process.HasExited)
        {
            return $"{Describe()} had already exited (code {_process.ExitCode})";
        }

        var watch = Stopwatch.StartNew();
        _ = Kill(Pid, SigTerm);
        if (_process.WaitForExit(grace))
        {
            _process.WaitForExit(); // drains the output
            _copying.Wait(TimeSpan.FromSeconds(5));
            return $"{Describe()} stopped on SIGTERM in {watch.Elapsed.TotalSeconds:0.0} s (exit {_process.ExitCode})";
        }

        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
        return $"{Describe()} did not stop within {grace.TotalSeconds:0} s of SIGTERM and was killed";
    }

    /// <summary>The output straight to a file, unbuffered, so what a node wrote before a crash is there to read.</summary>
    private static async Task CopyAsync(Stream from, string path)
    {
        await using var to = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 1);
        await from.CopyToAsync(to);
    }

    // .NET has no API to send a process anything but SIGKILL; libc's kill(2) sends the clean-shutdown signal.
    // (DllImport, not LibraryImport: the source-generated one needs unsafe code enabled for two ints.)
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}

/// <summary>A node process that failed (exited early, never got ready): the bench stops with this message and exit code 1.</summary>
internal sealed class NodeFailedException(string message) : Exception(message);
