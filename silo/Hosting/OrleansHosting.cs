using System.Net;
using System.Net.Sockets;
using FlashSale.Grains;
using FlashSale.Grains.Common;
using FlashSale.Silo.Monitoring;
using Orleans.Configuration;

namespace FlashSale.Silo.Hosting;

/// <summary>The Orleans silo inside the web host: one process serves gRPC and runs the grains,
/// and the gRPC services reach the grains through <see cref="IGrainFactory"/>.</summary>
internal static class OrleansHosting
{
    public static void AddFlashSaleOrleans(this WebApplicationBuilder builder, SiloOptions options)
    {
        builder.Services.Configure<GroupCommitOptions>(builder.Configuration.GetSection("Grains:GroupCommit"));
        builder.UseOrleans(silo =>
        {
            var siloPort = options.SiloPort > 0 ? options.SiloPort : FreeLoopbackPort();
            silo.UseLocalhostClustering(siloPort, options.GatewayPort, serviceId: options.ServiceId, clusterId: options.ClusterId);
            silo.Configure<SiloMessagingOptions>(messaging =>
            {
                // A flooded grain answers at once instead of queueing without bound.
                messaging.MaxEnqueuedRequestsHardLimit = Math.Max(0, options.MailboxCapacity);
                messaging.MaxEnqueuedRequestsSoftLimit = 0;
            });
            silo.AddFlashSaleGrains();
            silo.AddFlashSaleOrleansDashboard(builder.Configuration);
            StorageSetup.Configure(silo, options, builder.Configuration);
        });
    }

    private static int FreeLoopbackPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
