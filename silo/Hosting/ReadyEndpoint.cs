using FlashSale.Silo.Services.Health;
using FlashSale.Storage.Domain;
using Orleans.Runtime;
using static Grpc.Health.V1.HealthCheckResponse.Types;

namespace FlashSale.Silo.Hosting;

/// <summary>GET /readyz: 200 when this silo should get traffic — storage answers a read, the silo
/// has joined its cluster (Orleans status Active) and it is not draining — 503 otherwise, with one
/// line per check. /healthz says whether the process is alive; this says whether to route to it.</summary>
internal static class ReadyEndpoint
{
    /// <summary>A storage read that does not answer within this counts as unreachable.</summary>
    public static readonly TimeSpan StorageProbeTimeout = TimeSpan.FromSeconds(2);

    private const string ProbeKey = "readyz-probe";

    public static async Task<IResult> Handle(
        HealthService health, ISiloStatusOracle cluster, IHostApplicationLifetime lifetime, IServiceProvider services, CancellationToken cancellationToken)
    {
        var draining = lifetime.ApplicationStopping.IsCancellationRequested || health.GetStatus("") != ServingStatus.Serving;
        var joined = cluster.CurrentStatus == SiloStatus.Active;
        var (storageOk, storageLine) = await ProbeStorageAsync(services, cancellationToken);
        var ready = !draining && joined && storageOk;
        var text = (ready ? "ready\n" : "not ready\n")
            + (draining ? "draining: yes\n" : "draining: no\n")
            + (joined ? "cluster: joined\n" : $"cluster: {cluster.CurrentStatus}\n")
            + storageLine;
        return Results.Text(text, "text/plain",
            statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>Reads a drop that never exists through the grains' own store (with its retries and
    /// circuit breaker): a round trip to SQLite or PostgreSQL that touches no data.</summary>
    private static async Task<(bool Ok, string Line)> ProbeStorageAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        if (services.GetService<IDropStore>() is not { } store)
        {
            return (true, "storage: ok\n");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StorageProbeTimeout);
        try
        {
            await store.ReadStateAsync(ProbeKey, timeout.Token).ConfigureAwait(false);
            return (true, "storage: ok\n");
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // The cause is in the storage logs; this line must not carry connection details.
            return (false, "storage: unreachable\n");
        }
    }
}
