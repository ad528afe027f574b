using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace FlashSale.Silo.Hosting;

/// <summary>One Kestrel endpoint, over TLS when a certificate is configured (ALPN then negotiates
/// h2 on the gRPC port), cleartext otherwise.</summary>
internal static class Tls
{
    public static void Listen(ListenOptions listen, HttpProtocols protocols, X509Certificate2? certificate)
    {
        listen.Protocols = protocols;
        if (certificate is not null)
        {
            listen.UseHttps(certificate);
        }
    }
}
