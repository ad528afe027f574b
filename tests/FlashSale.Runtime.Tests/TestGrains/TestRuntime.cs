using FlashSale.Runtime.Hosting;
using FlashSale.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FlashSale.Runtime.Tests.TestGrains;

/// <summary>Starts a grain runtime with the counter grain, a probe and (optionally) fake time.</summary>
internal static class TestRuntime
{
    public static Task<GrainRuntimeHost> StartAsync(
        Probe probe,
        FakeTimeProvider? time = null,
        Action<GrainRuntimeOptions>? options = null,
        string? sqlitePath = null) =>
        GrainRuntimeHost.StartAsync(services =>
        {
            services.AddSingleton(probe);
            if (time is not null)
            {
                services.AddSingleton<TimeProvider>(time);
            }

            var builder = services
                .AddGrainRuntime(options)
                .AddGrain<ICounterGrain, CounterGrain>("counter", static (invoker, id) => new CounterGrainReference(invoker, id), CounterGrainMethods.All);
            if (sqlitePath is not null)
            {
                builder.UseSqliteStorage(sqlitePath);
            }
            else
            {
                builder.UseInMemoryStorage();
            }
        });

    public static ICounterGrain Counter(this GrainRuntimeHost host, string key) => host.GrainFactory.GetGrain<ICounterGrain>(key);
}
