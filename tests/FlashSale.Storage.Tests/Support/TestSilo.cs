using System.Net;
using System.Net.Sockets;
using FlashSale.Storage.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Hosting;

namespace FlashSale.Storage.Tests.Support;

/// <summary>A real single-silo Orleans host (localhost clustering on free loopback ports) with
/// <see cref="FlashSaleStorageSiloBuilderExtensions.AddFlashSaleStorage"/>: the providers the
/// tests use are the ones the silo resolved and started (migrations, ADO.NET query loading,
/// lifecycle), not hand-built copies.</summary>
public sealed class TestSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private TestSilo(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public static async Task<TestSilo> StartAsync(FlashSaleStorageOptions options, string serviceId = "flashsale-tests")
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(siloPort: FreePort(), gatewayPort: FreePort(), serviceId: serviceId, clusterId: "tests")
            .AddFlashSaleStorage(options));
        var host = builder.Build();
        await host.StartAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return new TestSilo(host);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _host.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (Exception exception) when (exception is TimeoutException or OperationCanceledException)
        {
            // A silo whose database was taken away may not stop cleanly; the test is over.
        }

        _host.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
