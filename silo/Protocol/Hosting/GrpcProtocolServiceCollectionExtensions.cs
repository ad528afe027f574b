using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FlashSale.Silo.Protocol;

/// <summary>Registers the gRPC protocol layer and the services it serves.</summary>
public static class GrpcProtocolServiceCollectionExtensions
{
    /// <summary>The logger category of the protocol layer.</summary>
    public const string LoggerCategory = "FlashSale.Silo.Protocol.GrpcServer";

    /// <summary>Adds the protocol layer; safe to call more than once (each <paramref name="configure"/> applies).</summary>
    public static IServiceCollection AddGrpcProtocol(this IServiceCollection services, Action<GrpcProtocolOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<GrpcProtocolOptions>();
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddSingleton(static sp => new GrpcRuntime(
            sp.GetRequiredService<IOptions<GrpcProtocolOptions>>().Value,
            sp.GetRequiredService<ILoggerFactory>().CreateLogger(LoggerCategory),
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            sp.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None));
        services.TryAddSingleton(static sp =>
        {
            var binder = new ServiceBinder(sp.GetRequiredService<GrpcRuntime>());
            foreach (var registration in sp.GetServices<GrpcServiceRegistration>())
            {
                registration.Bind(binder, sp.GetRequiredService(registration.ServiceType));
            }

            return new GrpcMethodRegistry(binder.Methods, binder.Services);
        });
        return services;
    }

    /// <summary>
    /// Serves <typeparamref name="TService"/> (a singleton resolved from DI), bound through the
    /// <c>[BindServiceMethod]</c> of the service base it derives from.
    /// </summary>
    public static IServiceCollection AddGrpcService<TService>(this IServiceCollection services)
        where TService : class
    {
        services.AddGrpcProtocol();
        services.TryAddSingleton<TService>();
        services.AddSingleton(GrpcServiceRegistration.FromAttribute(typeof(TService)));
        return services;
    }

    /// <summary>Serves <typeparamref name="TService"/> (a DI singleton) with an explicit bind action.</summary>
    public static IServiceCollection AddGrpcService<TService>(this IServiceCollection services, Action<ServiceBinder, TService> bind)
        where TService : class
    {
        ArgumentNullException.ThrowIfNull(bind);
        services.AddGrpcProtocol();
        services.TryAddSingleton<TService>();
        services.AddSingleton(new GrpcServiceRegistration(typeof(TService), (binder, service) => bind(binder, (TService)service)));
        return services;
    }
}
