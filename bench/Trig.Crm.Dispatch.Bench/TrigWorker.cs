using System.Diagnostics;
using System.Text;
using Trig.Crm.Testing;

namespace Trig.Crm.Dispatch.Bench;

/// <summary>The built worker (<c>dotnet trig.dll</c>) in a temp working directory with its own store and definitions.</summary>
internal sealed class TrigWorker : IDisposable
{
    private readonly List<Process> _running = [];

    public TrigWorker(string definitionYaml, IEnumerable<string> extraConfig)
    {
        Dir = Directory.CreateTempSubdirectory("trig-dispatch-bench-").FullName;
        var definitions = Directory.CreateDirectory(Path.Combine(Dir, "lifecycle")).FullName;
        File.WriteAllText(Path.Combine(definitions, "schema.yaml"), "schema:\n  organisation:\n    name: string\n    plan: string\n");
        File.WriteAllText(Path.Combine(definitions, "bench.yaml"), definitionYaml);
        Config =
        [
            $"--Trig:Store:ConnectionString=Data Source={DbPath}",
            $"--Trig:Definitions:Path={definitions}",
            "--Trig:Http:Urls=http://127.0.0.1:0",
            "--Logging:LogLevel:Default=Warning",
            .. extraConfig,
        ];
    }

    public string Dir { get; }

    public string DbPath => Path.Combine(Dir, "trig.db");

    public List<string> Config { get; }

    public static string Dll { get; } = RepoPaths.TrigDll;

    public async Task<string> RunToEndAsync(params string[] args)
    {
        using var p = Start([.. args, .. Config], out var output);
        await p.WaitForExitAsync();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"trig {string.Join(' ', args)} exited {p.ExitCode}:\n{output}");
        }

        return output.ToString();
    }

    /// <summary>Starts <c>trig run</c>; it is killed when this is disposed.</summary>
    public Process StartRun()
    {
        var p = Start(["run", .. Config], out _);
        _running.Add(p);
        return p;
    }

    public void Dispose()
    {
        foreach (var p in _running)
        {
            if (!p.HasExited)
            {
                p.Kill(entireProcessTree: true);
                p.WaitForExit(10_000);
            }

            p.Dispose();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Dir, recursive: true);
    }

    private Process Start(IEnumerable<string> args, out StringBuilder output)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = Dir, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Dll);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        var p = new Process { StartInfo = info };
        var sb = output = new StringBuilder();
        p.OutputDataReceived += (_, e) => { lock (sb) { sb.AppendLine(e.Data); } };
        p.ErrorDataReceived += (_, e) => { lock (sb) { sb.AppendLine(e.Data); } };
        p.Start();
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }
}
