using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Trig.Crm.Worker.Tests.Endpoints;

/// <summary>HTTP/1.1 by hand, for requests HttpClient will not send: a body announced far larger than what is sent.</summary>
internal static class RawSocket
{
    public const long Announced = 28L * 1024 * 1024;

    /// <summary>
    /// Sends the headers with <c>Content-Length: 28 MB</c> and 1 KB of body, then stalls; returns the status code of the
    /// answer, which must arrive within 20 s (a server waiting for the body would never answer).
    /// </summary>
    public static async Task<int> StatusOfStalledBodyAsync(string baseUrl, string method, string pathAndQuery, (string Name, string Value)[] headers)
    {
        var uri = new Uri(baseUrl);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(uri.Host, uri.Port, timeout.Token);
        var stream = tcp.GetStream();
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{method} {pathAndQuery} HTTP/1.1\r\nHost: {uri.Authority}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Type: application/json\r\nContent-Length: {Announced}\r\n");
        foreach (var (name, value) in headers)
        {
            head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }

        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.Append("\r\n").ToString()), timeout.Token);
        await stream.WriteAsync(new byte[1024], timeout.Token);

        var buffer = new byte[512];
        var read = await stream.ReadAsync(buffer, timeout.Token);
        var statusLine = Encoding.ASCII.GetString(buffer, 0, read).Split("\r\n")[0];
        return int.Parse(statusLine.Split(' ')[1], CultureInfo.InvariantCulture);
    }
}
