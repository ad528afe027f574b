using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FlashSale.Runtime.Hosting;

/// <summary>Runs the engine without a web host (tests, tools): builds a service provider, starts
/// its hosted services and stops them on dispose.
/// <code>
/// await using var host = await GrainRuntimeHost.StartAsync(services =>
///     services.AddGrainRuntime().AddGrain&lt;IDropGrain, DropGrain&gt;("drop", ...).UseInMemoryStorage());
/// var drop = host.GrainFactory.GetGrain&lt;IDropGrain&gt;("d1");
/// </code></summary>
public sealed class GrainRuntimeHost : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly IHostedService[] _hostedServices;
    private int _disposed;

    private GrainRuntimeHost(ServiceProvider provider)
    {
        _provider = provider;
        _hostedServices = [.. provider.GetServices<IHostedService>()];
    }

    public IServiceProvider Services => _provider;

    public GrainRuntime Runtime => _provider.GetRequiredService<GrainRuntime>();

    public IGrainFactory GrainFactory => _provider.GetRequiredService<IGrainFactory>();

    /// <summary>Builds and starts a host. <paramref name="configureServices"/> must call
    /// <c>AddGrainRuntime</c>; logging defaults to a null logger when none is registered.</summary>
    public static async Task<GrainRuntimeHost> StartAsync(Action<IServiceCollection> configureServices, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configureServices);
        var services = new ServiceCollection();
        configureServices(services);
        services.TryAddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.TryAdd(ServiceDescriptor.Singleton(typeof(ILogger<>), typeof(Logger<>)));
        var host = new GrainRuntimeHost(services.BuildServiceProvider());
        foreach (var hosted in host._hostedServices)
        {
            await hosted.StartAsync(cancellationToken).ConfigureAwait(false);
        }

        return host;
    }

    /// <summary>Stops the hosted services (draining every activation) and disposes the provider.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        for (var i = _hostedServices.Length - 1; i >= 0; i--)
        {
            await _hostedServices[i].StopAsync(CancellationToken.None).ConfigureAwait(false);
        }

        await _provider.DisposeAsync().ConfigureAwait(false);
    }
}
