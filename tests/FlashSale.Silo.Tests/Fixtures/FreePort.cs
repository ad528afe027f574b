using System.Net;
using System.Net.Sockets;

namespace FlashSale.Silo.Tests.Fixtures;

/// <summary>Free loopback ports for child processes, which cannot report a port-0 binding back to us.</summary>
internal static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
