using System.Diagnostics;
using System.Net.Sockets;
using MimeKit;
using Trig.Crm.Testing.Prerequisites;

namespace Trig.Crm.Testing.Smtp;

/// <summary>
/// A real SMTP server on loopback: Debian's python3-aiosmtpd with the trig_sink handler (stores each message as a
/// file, refuses recipients starting with "reject"). Started once for the test class and stopped at the end; not
/// started where aiosmtpd is missing outside CI, where the tests that need it (<see cref="SmtpFactAttribute"/>, <see cref="SmtpTheoryAttribute"/>) are Skipped.
/// </summary>
public sealed class SmtpServerFixture : IAsyncLifetime
{
    private Process? _process;
    private DirectoryInfo? _dir;

    public int Port { get; private set; }

    public string MailDirectory => Path.Combine(_dir!.FullName, "mail");

    public async Task InitializeAsync()
    {
        if (!SmtpFactAttribute.Present && !Prerequisite.InCi)
        {
            return;
        }

        SmtpFactAttribute.Require();

        _dir = Directory.CreateTempSubdirectory("trig-smtp-");
        Directory.CreateDirectory(MailDirectory);
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Smtp", "trig_sink.py"), Path.Combine(_dir.FullName, "trig_sink.py"));
        Port = FreePort.Get();

        var psi = new ProcessStartInfo(SmtpFactAttribute.Python, ["-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{Port}", "-c", "trig_sink.Sink", MailDirectory])
        {
            WorkingDirectory = _dir.FullName,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.Environment["PYTHONPATH"] = _dir.FullName;
        _process = Process.Start(psi) ?? throw new InvalidOperationException("could not start aiosmtpd");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        // Wait until the server accepts connections (start-up, not test logic: real time is right here).
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"aiosmtpd exited with {_process.ExitCode}; is python3-aiosmtpd installed?");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (SocketException) when (deadline.Elapsed < TimeSpan.FromSeconds(20))
            {
                await Task.Delay(50);
            }
        }
    }

    public Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process?.Dispose();
        _dir?.Delete(recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>Every message received so far.</summary>
    public IReadOnlyList<MimeMessage> Messages() =>
        Directory.GetFiles(MailDirectory, "*.eml").Select(f => MimeMessage.Load(f)).ToList();

    /// <summary>The messages received so far that carry the given idempotency key.</summary>
    public IReadOnlyList<MimeMessage> Messages(string idempotencyKey) =>
        Directory.GetFiles(MailDirectory, "*.eml")
            .Select(f => MimeMessage.Load(f))
            .Where(m => m.Headers["X-Trig-Idempotency-Key"] == idempotencyKey)
            .OrderBy(m => m.To.Mailboxes.First().Address, StringComparer.Ordinal)
            .ToList();
}
