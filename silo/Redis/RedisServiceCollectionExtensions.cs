using FlashSale.Grains.Events;
using FlashSale.Silo.Services.Health;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FlashSale.Silo.Redis;

/// <summary>Wires Redis into the silo when one is configured.</summary>
public static class RedisServiceCollectionExtensions
{
    /// <summary>With a Redis configuration (e.g. <c>127.0.0.1:6379</c>): one shared connection,
    /// reported to health as <see cref="RedisHealth.ServiceName"/>, and the Redis room event bus in
    /// place of the in-process one. Without one, nothing changes (the embedded default).</summary>
    public static IServiceCollection AddFlashSaleRedis(this IServiceCollection services, string? configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (string.IsNullOrWhiteSpace(configuration))
        {
            return services;
        }

        // Registered as hosted services in this order: the connection starts before the bus subscribes.
        services.AddSingleton(sp => new RedisConnection(
            configuration, sp.GetRequiredService<HealthService>(), sp.GetRequiredService<ILogger<RedisConnection>>()));
        services.AddHostedService(sp => sp.GetRequiredService<RedisConnection>());
        services.AddSingleton(sp => new RedisRoomEventBus(
            sp.GetRequiredService<RedisConnection>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<RedisRoomEventBus>>()));
        services.RemoveAll<IRoomEventBus>();
        services.AddSingleton<IRoomEventBus>(sp => sp.GetRequiredService<RedisRoomEventBus>());
        services.AddHostedService(sp => sp.GetRequiredService<RedisRoomEventBus>());
        return services;
    }
}
