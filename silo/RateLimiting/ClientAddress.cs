using Grpc.Core;

namespace FlashSale.Silo.RateLimiting;

/// <summary>The address a call is charged to for the per-address limit.</summary>
public static class ClientAddress
{
    /// <summary>The header a reverse proxy appends the client's address to.</summary>
    public const string ForwardedForHeader = "x-forwarded-for";

    /// <summary>The last <c>x-forwarded-for</c> entry when <paramref name="trustForwardedFor"/>
    /// (only the entry our own proxy appended is trustworthy; earlier ones are the client's say),
    /// otherwise the transport peer without its port.</summary>
    public static string Resolve(ServerCallContext context, bool trustForwardedFor)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (trustForwardedFor && context.RequestHeaders.GetValue(ForwardedForHeader) is { Length: > 0 } forwarded)
        {
            var last = forwarded[(forwarded.LastIndexOf(',') + 1)..].Trim();
            if (last.Length > 0)
            {
                return last;
            }
        }

        return FromPeer(context.Peer);
    }

    /// <summary><c>ipv4:10.0.0.1:5123</c> → <c>10.0.0.1</c>; <c>ipv6:[::1]:5123</c> → <c>::1</c>;
    /// anything else unchanged.</summary>
    public static string FromPeer(string peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        if (peer.StartsWith("ipv6:[", StringComparison.Ordinal) && peer.IndexOf(']', StringComparison.Ordinal) is > 6 and var end)
        {
            return peer[6..end];
        }

        if (peer.StartsWith("ipv4:", StringComparison.Ordinal) && peer.LastIndexOf(':') is > 5 and var port)
        {
            return peer[5..port];
        }

        return peer;
    }
}
