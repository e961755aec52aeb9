using System.Net;
using System.Net.Sockets;

namespace Trig.Crm.Worker.Tests.Support;

/// <summary>
/// A loopback TCP relay in front of the test SMTP server, so an email send can lose its answer the way an HTTP send
/// does: trig talks SMTP through it, and when the server's reply says the message is stored, the relay fires the
/// <see cref="SendCrashPoint.ResponseLost"/> crash (the dispatch run's token is cancelled) and never passes that
/// reply on. The handler's SmtpClient is created inside the handler, with no hook around it, so the wire is the
/// only place to cut without changing production code. Hand-written: no library relays SMTP with a fault at
/// one reply. Otherwise it forwards bytes untouched both ways.
/// </summary>
internal sealed class SmtpCrashRelay : IDisposable
{
    /// <summary>What <see cref="SendCrash.PathContains"/> names for the end of an SMTP DATA exchange.</summary>
    public const string Target = "smtp:DATA";

    // The reply trig_sink.py gives once the message is written to its mail directory.
    private static readonly byte[] Accepted = "250 Message accepted"u8.ToArray();

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _open = [];
    private readonly int _serverPort;
    private readonly SendCrash _crash;

    public SmtpCrashRelay(int serverPort, SendCrash crash)
    {
        _serverPort = serverPort;
        _crash = crash;
        _listener.Start();
        _ = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        lock (_open)
        {
            _open.ForEach(c => c.Dispose());
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                var server = new TcpClient();
                lock (_open)
                {
                    _open.Add(client);
                    _open.Add(server);
                }

                await server.ConnectAsync(IPAddress.Loopback, _serverPort, _stop.Token);
                _ = PumpAsync(client.GetStream(), server.GetStream(), replies: false);
                _ = PumpAsync(server.GetStream(), client.GetStream(), replies: true);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // the relay is stopping
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to, bool replies)
    {
        var buffer = new byte[8192];
        try
        {
            int n;
            while ((n = await from.ReadAsync(buffer, _stop.Token)) > 0)
            {
                if (replies && buffer.AsSpan(0, n).IndexOf(Accepted) >= 0 && _crash.CrashAfterResponse(Target))
                {
                    _ = _crash.Crash();
                    return; // the reply is dropped and the connection held open: the client only sees the crash
                }

                await to.WriteAsync(buffer.AsMemory(0, n), _stop.Token);
            }

            to.Socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // one side went away, or the relay is stopping
        }
    }
}
