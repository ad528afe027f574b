using System.Net;

namespace FlashSale.Silo.Hosting;

/// <summary>Parses "host:port" endpoint settings ("127.0.0.1:5000", "[::1]:5000", "localhost:0").</summary>
public static class Endpoint
{
    public static IPEndPoint Parse(string value, string setting)
    {
        var text = value.Trim();
        if (text.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            text = text["http://".Length..].TrimEnd('/');
        }

        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), out var port) || port is < 0 or > 65535)
        {
            throw new InvalidOperationException($"{setting} '{value}' is not host:port");
        }

        var host = text[..colon].Trim('[', ']');
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return new IPEndPoint(IPAddress.Loopback, port);
        }

        if (host is "*" or "0.0.0.0")
        {
            return new IPEndPoint(IPAddress.Any, port);
        }

        return IPAddress.TryParse(host, out var address)
            ? new IPEndPoint(address, port)
            : throw new InvalidOperationException($"{setting} '{value}': host must be an IP address or localhost");
    }
}
