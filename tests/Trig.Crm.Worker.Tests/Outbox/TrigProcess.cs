using System.Diagnostics;
using System.Text;

namespace Trig.Crm.Worker.Tests.Outbox;

/// <summary>The built <c>trig</c> executable (<c>dotnet trig.dll …</c>) as a child process, with its output kept for failure messages.</summary>
internal sealed class TrigProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private TrigProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

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

    /// <summary>The worker build output matching this test build's configuration (Debug/Release).</summary>
    public static string DllPath
    {
        get
        {
            var testBin = Path.GetDirectoryName(typeof(TrigProcess).Assembly.Location)!; // tests/…/bin/<Configuration>/net10.0
            var configuration = Path.GetFileName(Path.GetDirectoryName(testBin))!;
            var dll = Path.Combine(RepoRoot, "src", "Trig.Crm.Worker", "bin", configuration, "net10.0", "trig.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException("build src/Trig.Crm.Worker first", dll);
        }
    }

    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Trig.Crm.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("Trig.Crm.sln not found above " + AppContext.BaseDirectory);
        }
    }

    public static TrigProcess Start(string workingDirectory, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(DllPath);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["NO_COLOR"] = "1";
        var p = new TrigProcess(new Process { StartInfo = info, EnableRaisingEvents = true });
        p._process.OutputDataReceived += (_, e) => p.Append(e.Data);
        p._process.ErrorDataReceived += (_, e) => p.Append(e.Data);
        p._process.Start();
        p._process.BeginOutputReadLine();
        p._process.BeginErrorReadLine();
        return p;
    }

    /// <summary>Runs a one-shot command to its end and returns the exit code.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string workingDirectory, IEnumerable<string> args, TimeSpan timeout)
    {
        using var p = Start(workingDirectory, args);
        using var cts = new CancellationTokenSource(timeout);
        await p._process.WaitForExitAsync(cts.Token);
        return (p._process.ExitCode, p.Output);
    }

    /// <summary>SIGKILL on Linux: no shutdown hooks, no flushing, exactly like a crash.</summary>
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
        Kill();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
