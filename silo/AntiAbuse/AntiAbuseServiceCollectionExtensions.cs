using FlashSale.Silo.Interceptors;
using FlashSale.Silo.RateLimiting;
using FlashSale.Silo.Redis;

namespace FlashSale.Silo.AntiAbuse;

/// <summary>Wires the anti-abuse rules into the silo.</summary>
public static class AntiAbuseServiceCollectionExtensions
{
    /// <summary>Registers the blocklist (with its refresher), the rapid-grab counter (shared through
    /// Redis when <see cref="RedisConnection"/> is registered, in-process otherwise), the rejection
    /// audit, the guard and its interceptor, and the admin side. Needs an
    /// <see cref="FlashSale.Storage.Domain.IAbuseStore"/> (registered with the silo's storage) and
    /// <see cref="RateLimitOptions"/> (for the client-address settings).</summary>
    public static IServiceCollection AddAntiAbuse(this IServiceCollection services, AntiAbuseOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        var shared = services.Any(d => d.ServiceType == typeof(RedisConnection));
        services.AddSingleton(options);
        services.AddSingleton<Blocklist>();
        services.AddSingleton<BlocklistRefresher>();
        services.AddHostedService(sp => sp.GetRequiredService<BlocklistRefresher>());
        services.AddSingleton<RejectionAudit>();
        services.AddHostedService(sp => sp.GetRequiredService<RejectionAudit>());
        services.AddSingleton(sp => new InProcessRapidGrabCounter(sp.GetRequiredService<TimeProvider>()));
        if (shared)
        {
            services.AddSingleton<IRapidGrabCounter>(sp => new RedisRapidGrabCounter(
                sp.GetRequiredService<RedisConnection>(),
                sp.GetRequiredService<InProcessRapidGrabCounter>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<RateLimitOptions>().RedisTimeout,
                sp.GetRequiredService<ILogger<RedisRapidGrabCounter>>()));
        }
        else
        {
            services.AddSingleton<IRapidGrabCounter>(sp => sp.GetRequiredService<InProcessRapidGrabCounter>());
        }

        services.AddSingleton<AntiAbuseGuard>();
        services.AddSingleton<AntiAbuseInterceptor>();
        services.AddSingleton<AbuseAdministration>();
        return services;
    }
}
