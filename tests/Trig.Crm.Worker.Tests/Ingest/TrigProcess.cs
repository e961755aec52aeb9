using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Trig.Crm.Worker.Tests.Ingest;

/// <summary>The built <c>trig</c> executable (<c>dotnet trig.dll run</c>) as a child process on a free loopback port.</summary>
internal sealed class TrigProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];

    private TrigProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        BaseUrl = $"http://127.0.0.1:{port}";
        process.OutputDataReceived += (_, e) => Add(e.Data);
        process.ErrorDataReceived += (_, e) => Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Port { get; }

    public string BaseUrl { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output.TakeLast(80));
            }
        }
    }

    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Trig.Crm.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Trig.Crm.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>trig.dll of the same configuration as this test assembly (bin/Debug or bin/Release).</summary>
    public static string TrigDll()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // …/bin/<Configuration>/net10.0/
        var dll = Path.Combine(RepoRoot(), "src", "Trig.Crm.Worker", "bin", configuration, "net10.0", "trig.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("build src/Trig.Crm.Worker first", dll);
    }

    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    public static async Task<TrigProcess> StartAsync(string workingDir, params string[] configArgs)
    {
        var port = FreePort();
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(TrigDll());
        psi.ArgumentList.Add("run");
        psi.ArgumentList.Add($"--Trig:Http:Urls=http://127.0.0.1:{port}");
        foreach (var a in configArgs)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["Logging__LogLevel__Default"] = "Warning";
        psi.Environment["DOTNET_ENVIRONMENT"] = "Production";
        var p = new TrigProcess(Process.Start(psi)!, port);
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
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

    private void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Add(line);
        }
    }

    private bool _disposed;

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
