using FlashSale.Runtime.Hosting;
using FlashSale.Runtime.Storage.InMemory;
using FlashSale.Runtime.Tests.GroupCommit;
using FlashSale.Runtime.Tests.TestGrains;
using FlashSale.Testing;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.DependencyInjection;

namespace FlashSale.Runtime.Tests.Activation;

/// <summary>An activation whose state read fails at once (storage down, circuit open) races the
/// caller that created it. It must never stay listed once it is dead: callers would loop on it.</summary>
public sealed class FailingActivationTests
{
    [Fact]
    public async Task Call_WhileStorageFailsInstantly_AlwaysFailsPromptlyAndRecoversWhenStorageReturns()
    {
        var storage = new CountingGrainStorage { Down = true };
        await using var host = await GrainRuntimeHost.StartAsync(services => services
            .AddSingleton(new Probe())
            .AddGrainRuntime(o => o.StorageResilience.Enabled = false)
            .AddGrain<ICounterGrain, CounterGrain>("counter", static (invoker, id) => new CounterGrainReference(invoker, id), CounterGrainMethods.All)
            .UseStorage(_ => storage, static _ => new InMemoryReminderTable()));

        // Many rounds of concurrent first calls: each creates an activation that dies at once.
        for (var round = 0; round < 200; round++)
        {
            var calls = Enumerable.Range(0, 4).Select(i =>
                Assert.ThrowsAsync<StorageUnavailableException>(() =>
                    host.Counter($"c{i % 2}").Add(new Int32Value { Value = 1 }).WithTimeout(TimeSpan.FromSeconds(10))));
            await Task.WhenAll(calls);
        }

        storage.Down = false;
        var first = await host.Counter("c0").Add(new Int32Value { Value = 1 }).WithTimeout();
        var second = await host.Counter("c1").Add(new Int32Value { Value = 2 }).WithTimeout();

        Assert.Equal(1, first.Value);
        Assert.Equal(2, second.Value);
    }
}
