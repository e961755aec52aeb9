using System.Net;
using System.Net.Sockets;

using Trig.Crm.Actions.Slack;

namespace Trig.Crm.Actions.Tests;

internal static class FreePort
{
    public static int Get()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
