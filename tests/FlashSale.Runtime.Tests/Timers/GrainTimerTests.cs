using FlashSale.Runtime.Tests.TestGrains;
using FlashSale.Testing;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.Runtime.Tests.Timers;

public sealed class GrainTimerTests
{
    [Fact]
    public async Task Timer_WhenFakeTimeAdvances_FiresAsTurns()
    {
        var probe = new Probe();
        var time = new FakeTimeProvider();
        await using var host = await TestRuntime.StartAsync(probe, time);
        var counter = host.Counter("ticking");
        await counter.StartTimer(new Int32Value { Value = 1 }).WithTimeout();

        for (var tick = 1; tick <= 3; tick++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await probe.Ticked.WaitForAsync(tick).WithTimeout();
        }

        Assert.Equal(3, probe.TimerTicks);
        Assert.Equal(0, probe.OverlapsSeen);
    }

    [Fact]
    public async Task Timer_DueWhileATurnRuns_WaitsForTheTurn()
    {
        var probe = new Probe();
        var time = new FakeTimeProvider();
        await using var host = await TestRuntime.StartAsync(probe, time);
        var counter = host.Counter("patient");
        await counter.StartTimer(new Int32Value { Value = 1 }).WithTimeout();
        var blocker = counter.Block(new Empty());
        await probe.Blocked.Task.WithTimeout();

        time.Advance(TimeSpan.FromSeconds(1));
        await Task.Delay(50);
        var ticksWhileBlocked = probe.TimerTicks;
        probe.Gate.SetResult();
        await blocker.WithTimeout();
        await probe.Ticked.WaitForAsync(1).WithTimeout();

        Assert.Equal(0, ticksWhileBlocked);
        Assert.Equal(0, probe.OverlapsSeen);
        Assert.Equal(1, probe.MaxWritersInFlight);
    }

    [Fact]
    public async Task Timer_AfterDeactivation_NoLongerFires()
    {
        var probe = new Probe();
        var time = new FakeTimeProvider();
        await using var host = await TestRuntime.StartAsync(probe, time);
        var counter = host.Counter("silenced");
        await counter.StartTimer(new Int32Value { Value = 1 }).WithTimeout();
        await counter.Deactivate(new Empty()).WithTimeout();
        await probe.Deactivated.WaitForAsync(1).WithTimeout();

        time.Advance(TimeSpan.FromSeconds(5));
        await Task.Delay(50);

        Assert.Equal(0, probe.TimerTicks);
        Assert.Equal(1, probe.Activations);
    }
}
