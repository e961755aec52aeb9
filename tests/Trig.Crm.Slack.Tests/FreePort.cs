using System.Net;
using System.Net.Sockets;

namespace Trig.Crm.Slack.Tests;

internal static class FreePort
{
    public static int Get()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
