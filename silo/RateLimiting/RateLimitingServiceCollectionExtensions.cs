using FlashSale.Silo.Redis;

namespace FlashSale.Silo.RateLimiting;

/// <summary>Wires the Shop service's rate limits.</summary>
public static class RateLimitingServiceCollectionExtensions
{
    /// <summary>Registers <see cref="ShopRateLimiter"/> with <paramref name="options"/>: counters
    /// shared through Redis when <see cref="RedisConnection"/> is registered (see
    /// <see cref="RedisServiceCollectionExtensions.AddFlashSaleRedis"/>), in-process otherwise.</summary>
    public static IServiceCollection AddShopRateLimiting(this IServiceCollection services, RateLimitOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        var shared = services.Any(d => d.ServiceType == typeof(RedisConnection));
        services.AddSingleton(options);
        services.AddSingleton(sp => new InProcessRateLimitCounter(sp.GetRequiredService<TimeProvider>()));
        if (shared)
        {
            services.AddSingleton<IRateLimitCounter>(sp => new RedisRateLimitCounter(
                sp.GetRequiredService<RedisConnection>(),
                sp.GetRequiredService<InProcessRateLimitCounter>(),
                options.RedisTimeout,
                sp.GetRequiredService<ILogger<RedisRateLimitCounter>>()));
        }
        else
        {
            services.AddSingleton<IRateLimitCounter>(sp => sp.GetRequiredService<InProcessRateLimitCounter>());
        }

        services.AddSingleton(sp => new ShopRateLimiter(sp.GetRequiredService<RateLimitOptions>(), sp.GetRequiredService<IRateLimitCounter>()));
        return services;
    }
}
