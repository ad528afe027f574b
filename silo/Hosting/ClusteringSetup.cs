using System.Net;
using System.Net.Sockets;
using FlashSale.Storage;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace FlashSale.Silo.Hosting;

/// <summary>Chooses the silo's cluster membership: Orleans' localhost clustering (one silo, the
/// embedded default) or Orleans' ADO.NET membership table in the storage's PostgreSQL database, with
/// the endpoints other silos reach this one at and the failure-detection tuning.</summary>
internal static class ClusteringSetup
{
    public static void Configure(ISiloBuilder silo, SiloOptions options)
    {
        switch (options.Clustering.Trim().ToLowerInvariant())
        {
            case SiloOptions.SingleClustering:
                var siloPort = options.SiloPort > 0 ? options.SiloPort : FreePort(IPAddress.Loopback);
                silo.UseLocalhostClustering(siloPort, options.GatewayPort, serviceId: options.ServiceId, clusterId: options.ClusterId);
                break;
            case SiloOptions.PostgresClustering:
                UsePostgres(silo, options);
                break;
            default:
                throw Invalid("Silo:Clustering", $"clustering '{options.Clustering}' is not supported: use single or postgres");
        }
    }

    /// <summary>The address Orleans' silo and gateway ports bind on.</summary>
    public static IPAddress ListenAddress(SiloOptions options, IPAddress advertised) =>
        string.IsNullOrWhiteSpace(options.ListenAddress) ? advertised
        : options.ListenAddress.Trim() is "*" or "0.0.0.0" ? IPAddress.Any
        : IPAddress.TryParse(options.ListenAddress.Trim(), out var address) ? address
        : throw Invalid("Silo:ListenAddress", $"listen address '{options.ListenAddress}' is not an IP address");

    /// <summary>The address other silos use to reach this one: a concrete IP, never "any".</summary>
    public static IPAddress AdvertisedAddress(SiloOptions options) =>
        IPAddress.TryParse(options.AdvertisedAddress.Trim(), out var address) && !address.Equals(IPAddress.Any) && !address.Equals(IPAddress.IPv6Any)
            ? address
            : throw Invalid("Silo:AdvertisedAddress", $"advertised address '{options.AdvertisedAddress}' must be the IP address other silos reach this one at");

    private static void UsePostgres(ISiloBuilder silo, SiloOptions options)
    {
        if (SiloApp.StorageKind(options) != "postgres" || string.IsNullOrWhiteSpace(options.PostgresConnectionString))
        {
            throw Invalid("Silo:Clustering", "clustering postgres keeps its membership table in the storage's database: it needs --storage postgres and --postgres");
        }

        var advertised = AdvertisedAddress(options);
        var listen = ListenAddress(options, advertised);
        var siloPort = options.SiloPort > 0 ? options.SiloPort : FreePort(listen);
        silo.Configure<EndpointOptions>(endpoints =>
        {
            endpoints.AdvertisedIPAddress = advertised;
            endpoints.SiloPort = siloPort;
            endpoints.GatewayPort = options.GatewayPort;
            endpoints.SiloListeningEndpoint = new IPEndPoint(listen, siloPort);
            endpoints.GatewayListeningEndpoint = options.GatewayPort > 0 ? new IPEndPoint(listen, options.GatewayPort) : null;
        });
        silo.Configure<ClusterOptions>(cluster =>
        {
            cluster.ClusterId = options.ClusterId;
            cluster.ServiceId = options.ServiceId;
        });
        silo.UseAdoNetClustering(clustering =>
        {
            clustering.Invariant = FlashSaleStorage.PostgresInvariant;
            clustering.ConnectionString = options.PostgresConnectionString;
        });
        silo.Configure<ClusterMembershipOptions>(options.Membership.Apply);
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, ClusterLifecycleLog>();
    }

    private static int FreePort(IPAddress address)
    {
        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(address, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    private static OptionsValidationException Invalid(string key, string message) =>
        new(key, typeof(SiloOptions), [message]);
}
