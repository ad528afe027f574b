using System.Diagnostics;
using FlashSale.Runtime.Hosting;
using FlashSale.Runtime.Storage.Resilience;
using FlashSale.Runtime.Tests.TestGrains;
using FlashSale.Testing;
using FlashSale.Testing.Servers;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.DependencyInjection;

namespace FlashSale.Runtime.Tests.Storage.Resilience;

/// <summary>Takes a real PostgreSQL away mid-run and brings it back. Has its own server (not the
/// shared collection one) because it stops it.</summary>
public sealed class PostgresOutageTests(PostgresServerFixture postgres) : IClassFixture<PostgresServerFixture>
{
    private static Task<GrainRuntimeHost> StartAsync(string connectionString) =>
        GrainRuntimeHost.StartAsync(services => services
            .AddSingleton(new Probe())
            .AddGrainRuntime(options =>
            {
                options.StorageResilience.BreakDuration = TimeSpan.FromSeconds(1);
                options.StorageResilience.MinimumThroughput = 3;
                options.StorageResilience.SamplingDuration = TimeSpan.FromSeconds(5);
            })
            .AddGrain<ICounterGrain, CounterGrain>("counter", static (invoker, id) => new CounterGrainReference(invoker, id), CounterGrainMethods.All)
            .UsePostgresStorage(connectionString));

    [Fact]
    public async Task PostgresStoppedMidRun_CallsFailUnavailableFast_ThenRecoverWithoutRestartAndLoseNothing()
    {
        var server = postgres.Server;
        var connectionString = server.CreateUniqueDatabase();
        long lastAcknowledged = 0;
        await using (var host = await StartAsync(connectionString))
        {
            var counter = host.Counter("sales");
            for (var i = 0; i < 10; i++)
            {
                lastAcknowledged = (await counter.Add(new Int32Value { Value = 1 }).WithTimeout()).Value;
            }

            server.Stop();
            var outage = Stopwatch.StartNew();
            var failures = 0;
            for (var i = 0; i < 5; i++)
            {
                await Assert.ThrowsAsync<StorageUnavailableException>(() => counter.Add(new Int32Value { Value = 1 }).WithTimeout());
                failures++;
            }

            var failFastTook = outage.Elapsed;
            var circuitOpened = host.Services.GetRequiredService<StorageResilience>().IsCircuitOpen;
            server.Start();
            var recovered = await Eventually.TrueAsync(
                async () =>
                {
                    try
                    {
                        lastAcknowledged = (await counter.Add(new Int32Value { Value = 1 })).Value;
                        return true;
                    }
                    catch (StorageUnavailableException)
                    {
                        return false;
                    }
                },
                TimeSpan.FromSeconds(30));
            for (var i = 0; i < 5; i++)
            {
                lastAcknowledged = (await counter.Add(new Int32Value { Value = 1 }).WithTimeout()).Value;
            }

            Assert.Equal(5, failures);
            Assert.True(circuitOpened);
            Assert.True(failFastTook < TimeSpan.FromSeconds(20), $"5 calls against a stopped server took {failFastTook}");
            Assert.True(recovered, "writes did not succeed again after PostgreSQL came back");
        }

        await using var restarted = await StartAsync(connectionString);
        var stored = await restarted.Counter("sales").Get(new Empty()).WithTimeout();

        Assert.Equal(lastAcknowledged, stored.Value);
        Assert.True(stored.Value >= 16);
    }
}
