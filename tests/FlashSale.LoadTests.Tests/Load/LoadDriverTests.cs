using FlashSale.LoadTests.Engine;
using FlashSale.LoadTests.Load;

namespace FlashSale.LoadTests.Tests.Load;

public sealed class LoadDriverTests
{
    [Fact]
    public async Task RunAsync_KeepConstant_NeverExceedsTheConcurrency()
    {
        // Long enough that workers start on a loaded machine; the iteration limit ends it sooner.
        var plan = new LoadPlan([new KeepConstant(4, TimeSpan.FromSeconds(20))]);
        var driver = new LoadDriver(plan, TimeProvider.System, DriverLimits.Default with { MaxIterations = 200 });
        var inFlight = 0;
        var maxSeen = 0;
        var slots = new HashSet<int>();

        await driver.RunAsync(
            async (slot, ct) =>
            {
                var now = Interlocked.Increment(ref inFlight);
                InterlockedMax(ref maxSeen, now);
                lock (slots)
                {
                    slots.Add(slot);
                }

                await Task.Delay(2, ct);
                Interlocked.Decrement(ref inFlight);
            },
            CancellationToken.None).WithTimeout();

        Assert.InRange(maxSeen, 1, 4);
        Assert.InRange(driver.MaxObservedInFlight, 1, 4);
        Assert.All(slots, s => Assert.InRange(s, 0, 3));
        Assert.True(driver.Started > 0);
    }

    [Fact]
    public async Task RunAsync_MaxIterations_StopsAtTheLimit()
    {
        var plan = new LoadPlan([new KeepConstant(3, TimeSpan.FromSeconds(20))]);
        var driver = new LoadDriver(plan, TimeProvider.System, DriverLimits.Default with { MaxIterations = 25 });
        var ran = 0;

        await driver.RunAsync((_, _) => { Interlocked.Increment(ref ran); return ValueTask.CompletedTask; }, CancellationToken.None).WithTimeout();

        Assert.Equal(25, ran);
    }

    [Fact]
    public async Task RunAsync_InjectOverFakeClock_StartsExactlyThePlannedCalls()
    {
        var time = new FakeTimeProvider();
        var plan = new LoadPlan([new Inject(100, TimeSpan.FromSeconds(1))]);
        var driver = new LoadDriver(plan, time, DriverLimits.Default);
        var ran = 0;

        var run = driver.RunAsync((_, _) => { Interlocked.Increment(ref ran); return ValueTask.CompletedTask; }, CancellationToken.None);
        for (var i = 0; i < 400 && !run.IsCompleted; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(5));
            await Task.Delay(1);
        }

        await run.WithTimeout();
        Assert.Equal(100, ran);
        Assert.Equal(100, driver.Started);
    }

    [Fact]
    public async Task RunAsync_IterationThrows_CountsAFaultAndKeepsGoing()
    {
        var plan = new LoadPlan([new KeepConstant(1, TimeSpan.FromSeconds(20))]);
        var driver = new LoadDriver(plan, TimeProvider.System, DriverLimits.Default with { MaxIterations = 5 });

        await driver.RunAsync((_, _) => throw new InvalidOperationException("boom"), CancellationToken.None).WithTimeout();

        Assert.Equal(5, driver.Faults);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
