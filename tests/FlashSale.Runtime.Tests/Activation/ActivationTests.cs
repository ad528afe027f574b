using FlashSale.Runtime.Tests.TestGrains;
using FlashSale.Testing;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.Runtime.Tests.Activation;

public sealed class ActivationTests
{
    [Fact]
    public async Task FirstCalls_Concurrent_CreateExactlyOneActivation()
    {
        var probe = new Probe();
        await using var host = await TestRuntime.StartAsync(probe);
        var counter = host.Counter("once");

        var calls = new Task[32];
        for (var i = 0; i < calls.Length; i++)
        {
            calls[i] = Task.Run(() => counter.Get(new Empty()));
        }

        await Task.WhenAll(calls).WithTimeout();

        Assert.Equal(1, probe.Activations);
        Assert.Equal(1, host.Runtime.ActivationCount);
    }

    [Fact]
    public async Task Activation_WhenOnActivateThrows_FailsTheCallAndNextCallActivatesAfresh()
    {
        var probe = new Probe { FailActivations = 1 };
        await using var host = await TestRuntime.StartAsync(probe);
        var counter = host.Counter("fragile");

        await Assert.ThrowsAsync<InvalidOperationException>(() => counter.Get(new Empty()).WithTimeout());
        var value = await counter.Add(new Int32Value { Value = 3 }).WithTimeout();

        Assert.Equal(3, value.Value);
        Assert.Equal(2, probe.Activations);
        Assert.Equal(0, probe.Deactivations);
    }

    [Fact]
    public async Task DeactivateOnIdle_RunsOnDeactivateAndNextCallReactivatesWithState()
    {
        var probe = new Probe();
        await using var host = await TestRuntime.StartAsync(probe);
        var counter = host.Counter("bye");
        await counter.Add(new Int32Value { Value = 7 }).WithTimeout();

        await counter.Deactivate(new Empty()).WithTimeout();
        var after = await counter.Get(new Empty()).WithTimeout();

        Assert.Equal(7, after.Value);
        Assert.Equal(1, probe.Deactivations);
        Assert.Equal(2, probe.Activations);
        Assert.Equal([DeactivationReason.Requested], probe.DeactivationReasons);
    }

    [Fact]
    public async Task IdleCollection_AfterCollectionAge_DeactivatesAndNextCallReloadsState()
    {
        var probe = new Probe();
        var time = new FakeTimeProvider();
        await using var host = await TestRuntime.StartAsync(probe, time, o =>
        {
            o.CollectionAge = TimeSpan.FromMinutes(10);
            o.CollectionQuantum = TimeSpan.FromMinutes(1);
        });
        var counter = host.Counter("idle");
        await counter.Add(new Int32Value { Value = 2 }).WithTimeout();

        time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(0, probe.Deactivations);
        time.Advance(TimeSpan.FromMinutes(6));
        await probe.Deactivated.WaitForAsync(1).WithTimeout();
        var after = await counter.Get(new Empty()).WithTimeout();

        Assert.Equal(2, after.Value);
        Assert.Equal(2, probe.Activations);
        Assert.Equal([DeactivationReason.IdleCollection], probe.DeactivationReasons);
    }

    [Fact]
    public async Task CallsDuringDeactivation_GoToAFreshActivation()
    {
        var probe = new Probe();
        await using var host = await TestRuntime.StartAsync(probe);
        var counter = host.Counter("moving");
        var blocker = counter.Block(new Empty());
        await probe.Blocked.Task.WithTimeout();

        // Queued behind the blocked turn; the deactivation request lands after the blocker.
        var deactivate = counter.Deactivate(new Empty());
        var adds = new List<Task<Int64Value>>();
        for (var i = 0; i < 10; i++)
        {
            adds.Add(counter.Add(new Int32Value { Value = 1 }));
        }

        probe.Gate.SetResult();
        await blocker.WithTimeout();
        await deactivate.WithTimeout();
        await Task.WhenAll(adds).WithTimeout();

        Assert.Equal(10, (await counter.Get(new Empty()).WithTimeout()).Value);
        Assert.Equal(1, probe.Deactivations);
        Assert.Equal(2, probe.Activations);
    }

    [Fact]
    public async Task Stop_DeactivatesEverythingAndRejectsNewCalls()
    {
        var probe = new Probe();
        var host = await TestRuntime.StartAsync(probe);
        var counter = host.Counter("s1");
        await counter.Get(new Empty()).WithTimeout();
        await host.Counter("s2").Get(new Empty()).WithTimeout();

        await host.Runtime.StopAsync().WithTimeout();

        Assert.Equal(2, probe.Deactivations);
        Assert.All(probe.DeactivationReasons, r => Assert.Equal(DeactivationReason.ShuttingDown, r));
        await Assert.ThrowsAsync<SiloUnavailableException>(() => counter.Get(new Empty()).WithTimeout());
        await host.DisposeAsync();
    }
}
