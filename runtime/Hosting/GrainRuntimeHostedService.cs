using Microsoft.Extensions.Hosting;

namespace FlashSale.Runtime.Hosting;

/// <summary>Starts the engine's background work with the host and drains it on shutdown.</summary>
internal sealed class GrainRuntimeHostedService(GrainRuntime runtime) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => runtime.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => runtime.StopAsync(cancellationToken);
}
