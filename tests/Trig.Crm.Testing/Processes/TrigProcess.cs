using System.Diagnostics;
using System.Text;

namespace Trig.Crm.Testing.Processes;

/// <summary>
/// The built <c>trig</c> executable (<c>dotnet trig.dll …</c>) as a child process, as an operator runs it: one-shot
/// commands (<see cref="RunAsync(string, string[])"/>), a long-running process (<see cref="Start"/>) or the HTTP service on
/// a free loopback port (<see cref="StartServiceAsync"/>). Its output is kept for failure messages.
/// </summary>
internal sealed class TrigProcess : IDisposable, IAsyncDisposable
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(3);

    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly StringBuilder _output = new();
    private bool _disposed;

    private TrigProcess(Process process) => _process = process;

    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Set by <see cref="StartServiceAsync"/>: the loopback port the service listens on.</summary>
    public int Port { get; private set; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    /// <summary>Standard output and error, interleaved as they arrived.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static Task<Result> RunAsync(string workingDirectory, params string[] args) => RunAsync(workingDirectory, args, DefaultTimeout);

    public static Task<Result> RunAsync(string workingDirectory, IEnumerable<string> args) => RunAsync(workingDirectory, args, DefaultTimeout);

    /// <summary>Runs a one-shot command to its end (killed, and the wait cancelled, after <paramref name="timeout"/>).</summary>
    public static Task<Result> RunAsync(string workingDirectory, IEnumerable<string> args, TimeSpan timeout) => RunAsync(workingDirectory, args, timeout, null);

    /// <summary>As <see cref="RunAsync(string, IEnumerable{string}, TimeSpan)"/>, with extra environment variables.</summary>
    public static async Task<Result> RunAsync(string workingDirectory, IEnumerable<string> args, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment)
    {
        using var p = Start(workingDirectory, args, environment);
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await p._process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill();
            throw;
        }

        p._process.WaitForExit(); // drains the asynchronous output readers
        lock (p._output)
        {
            return new Result(p._process.ExitCode, p._stdout.ToString(), p._stderr.ToString());
        }
    }

    public static TrigProcess Start(string workingDirectory, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(RepoPaths.TrigDll);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["NO_COLOR"] = "1";
        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[k] = v;
        }

        var p = new TrigProcess(new Process { StartInfo = info, EnableRaisingEvents = true });
        p._process.OutputDataReceived += (_, e) => p.Append(p._stdout, e.Data);
        p._process.ErrorDataReceived += (_, e) => p.Append(p._stderr, e.Data);
        p._process.Start();
        p._process.BeginOutputReadLine();
        p._process.BeginErrorReadLine();
        return p;
    }

    /// <summary><c>trig run</c> on a free loopback port, returned once <c>/health/ready</c> answers.</summary>
    public static Task<TrigProcess> StartServiceAsync(string workingDirectory, params string[] configArgs) =>
        StartServiceAsync(workingDirectory, TimeSpan.FromSeconds(90), configArgs);

    /// <summary>
    /// As <see cref="StartServiceAsync(string, string[])"/>, waiting up to <paramref name="readyWithin"/> for readiness
    /// (a start-up bound: several nodes starting at once on a loaded machine need longer than one).
    /// </summary>
    public static async Task<TrigProcess> StartServiceAsync(string workingDirectory, TimeSpan readyWithin, params string[] configArgs)
    {
        var port = FreePort.Get();
        var p = Start(
            workingDirectory,
            ["run", $"--Trig:Http:Urls=http://127.0.0.1:{port}", .. configArgs],
            new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Warning", ["DOTNET_ENVIRONMENT"] = "Production" });
        p.Port = port;
        using var http = new HttpClient();
        var waited = Stopwatch.StartNew(); // start-up, not test logic: real time is right here
        while (waited.Elapsed < readyWithin)
        {
            if (p._process.HasExited)
            {
                throw new InvalidOperationException($"trig run exited with {p._process.ExitCode}:\n{p.Output}");
            }

            try
            {
                if ((await http.GetAsync(p.BaseUrl + "/health/ready")).IsSuccessStatusCode)
                {
                    return p;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200);
        }

        await p.DisposeAsync();
        throw new TimeoutException("trig run did not become ready:\n" + p.Output);
    }

    /// <summary>SIGKILL on Linux (the whole process tree): no shutdown hooks, no flushing, exactly like a crash.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.WaitForExit(10_000);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Kill();
        _process.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private void Append(StringBuilder stream, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            stream.AppendLine(line);
            _output.AppendLine(line);
        }
    }
}
