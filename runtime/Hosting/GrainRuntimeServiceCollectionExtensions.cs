using FlashSale.Runtime.Storage;
using FlashSale.Runtime.Storage.InMemory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace FlashSale.Runtime.Hosting;

/// <summary>DI registration of the grain runtime.</summary>
public static class GrainRuntimeServiceCollectionExtensions
{
    /// <summary>Registers the engine (<see cref="GrainRuntime"/>), <see cref="IGrainFactory"/>,
    /// the hosted service that starts and drains it, and in-memory storage unless another
    /// provider is chosen on the returned builder.</summary>
    public static IGrainRuntimeBuilder AddGrainRuntime(this IServiceCollection services, Action<GrainRuntimeOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<GrainRuntimeOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<GrainRuntime>();
        services.TryAddSingleton(static sp => sp.GetRequiredService<GrainRuntime>().GrainFactory);
        services.TryAddTransient(typeof(IPersistentState<>), typeof(PersistentState<>));
        services.TryAddSingleton<IGrainStorage>(static _ => new InMemoryGrainStorage());
        services.TryAddSingleton<IReminderTable>(static _ => new InMemoryReminderTable());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, GrainRuntimeHostedService>());
        return new GrainRuntimeBuilder(services);
    }
}
