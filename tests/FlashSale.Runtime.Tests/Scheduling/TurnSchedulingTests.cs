using FlashSale.Runtime.Tests.TestGrains;
using FlashSale.Testing;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.Runtime.Tests.Scheduling;

public sealed class TurnSchedulingTests
{
    [Fact]
    public async Task Add_With64ParallelCallers_TurnsNeverOverlapAndCountIsExact()
    {
        var probe = new Probe();
        await using var host = await TestRuntime.StartAsync(probe);
        var counter = host.Counter("hammered");

        var calls = new Task[64];
        for (var i = 0; i < calls.Length; i++)
        {
            calls[i] = Task.Run(() => counter.Add(new Int32Value { Value = 1 }));
        }

        await Task.WhenAll(calls).WithTimeout();
        var total = await counter.Get(new Empty()).WithTimeout();

        Assert.Equal(64, total.Value);
        Assert.Equal(1, probe.MaxWritersInFlight);
        Assert.Equal(0, probe.OverlapsSeen);
    }

    [Fact]
    public async Task ReadOnlyCalls_RunTogether_ButNeverWithAWriter()
    {
        var probe = new Probe { ReaderBarrier = 4 };
        await using var host = await TestRuntime.StartAsync(probe);
        var counter = host.Counter("readers");
        await counter.Get(new Empty()).WithTimeout();

        var readers = new List<Task<Int32Value>>();
        for (var i = 0; i < 4; i++)
        {
            readers.Add(counter.ReadTogether(new Empty()));
        }

        var writer = counter.Add(new Int32Value { Value = 1 });
        var laterReaders = new List<Task<Int64Value>>();
        for (var i = 0; i < 8; i++)
        {
            laterReaders.Add(counter.Get(new Empty()));
        }

        await Task.WhenAll(readers).WithTimeout();
        await writer.WithTimeout();
        await Task.WhenAll(laterReaders).WithTimeout();

        // The barrier opens only if all four readers were inside at once.
        Assert.Equal(4, probe.MaxReadersInFlight);
        Assert.Equal(0, probe.OverlapsSeen);
        Assert.All(laterReaders, r => Assert.Equal(1, r.Result.Value));
    }

    [Fact]
    public async Task Call_WhenMailboxIsFull_FailsAtOnceAndQueuedCallsCompleteAfterUnblock()
    {
        var probe = new Probe();
        await using var host = await TestRuntime.StartAsync(probe, options: o => o.MailboxCapacity = 4);
        var counter = host.Counter("full");
        var blocker = counter.Block(new Empty());
        await probe.Blocked.Task.WithTimeout();

        var queued = new List<Task<Int64Value>>();
        for (var i = 0; i < 4; i++)
        {
            queued.Add(counter.Add(new Int32Value { Value = 1 }));
        }

        var rejected = counter.Add(new Int32Value { Value = 100 });

        // Rejection must not wait for the blocked turn: the gate is still closed here.
        var error = await Assert.ThrowsAsync<GrainOverloadedException>(() => rejected.WithTimeout());
        Assert.Equal("full", error.GrainId.Key);
        Assert.False(blocker.IsCompleted);

        probe.Gate.SetResult();
        await blocker.WithTimeout();
        await Task.WhenAll(queued).WithTimeout();
        Assert.Equal(4, (await counter.Get(new Empty()).WithTimeout()).Value);
    }

    [Fact]
    public async Task Call_CancelledWhileQueued_IsNotExecuted()
    {
        var probe = new Probe();
        await using var host = await TestRuntime.StartAsync(probe);
        var counter = host.Counter("cancel");
        var blocker = counter.Block(new Empty());
        await probe.Blocked.Task.WithTimeout();
        using var cts = new CancellationTokenSource();

        var cancelled = counter.Add(new Int32Value { Value = 5 }, cts.Token);
        var kept = counter.Add(new Int32Value { Value = 1 });
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WithTimeout());
        probe.Gate.SetResult();
        await blocker.WithTimeout();
        Assert.Equal(1, (await kept.WithTimeout()).Value);
        Assert.Equal(1, (await counter.Get(new Empty()).WithTimeout()).Value);
        Assert.DoesNotContain(probe.Requests, r => r is Int32Value { Value: 5 });
    }

    [Fact]
    public async Task GrainToGrainCall_ThroughGrainFactory_ReturnsTheInnerReply()
    {
        var probe = new Probe();
        await using var host = await TestRuntime.StartAsync(probe);

        var reply = await host.Counter("a").Echo(new StringValue { Value = "fwd:b:hi" }).WithTimeout();

        Assert.Equal("a>b:hi", reply.Value);
        Assert.Equal(2, host.Runtime.ActivationCount);
    }
}
