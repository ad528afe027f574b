using FlashSale.LoadTests.Load;

namespace FlashSale.LoadTests.Tests.Load;

public sealed class InjectPacerTests
{
    [Fact]
    public void Take_Inject100PerSecond_IssuesTenPerHundredMilliseconds()
    {
        var pacer = new InjectPacer(new LoadPlan([new Inject(100, TimeSpan.FromSeconds(1))]));
        var perInterval = new List<int>();

        for (var ms = 100; ms <= 1_000; ms += 100)
        {
            perInterval.Add(pacer.Take(TimeSpan.FromMilliseconds(ms)));
        }

        Assert.All(perInterval, n => Assert.Equal(10, n));
        Assert.Equal(100, pacer.Issued);
    }

    [Fact]
    public void Take_LateTick_CatchesUpWithoutExceedingPlan()
    {
        var pacer = new InjectPacer(new LoadPlan([new Inject(200, TimeSpan.FromSeconds(2))]));

        var first = pacer.Take(TimeSpan.FromMilliseconds(10));
        var late = pacer.Take(TimeSpan.FromSeconds(1));
        var afterEnd = pacer.Take(TimeSpan.FromSeconds(5));

        Assert.Equal(2, first);
        Assert.Equal(198, late);
        Assert.Equal(200, afterEnd);
        Assert.Equal(400, pacer.Issued);
    }

    [Fact]
    public void Take_RampingInject_IssuesTheIntegralOfTheRamp()
    {
        // 0 → 100/s over 2 s: 100 calls in all, a quarter of them in the first half.
        var pacer = new InjectPacer(new LoadPlan([new RampingInject(100, TimeSpan.FromSeconds(2))]));

        var firstHalf = pacer.Take(TimeSpan.FromSeconds(1));
        var secondHalf = pacer.Take(TimeSpan.FromSeconds(2));

        Assert.Equal(25, firstHalf);
        Assert.Equal(75, secondHalf);
    }

    [Fact]
    public void Take_MaxCalls_CapsTheCount()
    {
        var pacer = new InjectPacer(new LoadPlan([new Inject(1_000, TimeSpan.FromSeconds(10))]), maxCalls: 50);

        var taken = pacer.Take(TimeSpan.FromSeconds(5)) + pacer.Take(TimeSpan.FromSeconds(10));

        Assert.Equal(50, taken);
    }

    [Fact]
    public void Take_AtTheSameInstantTwice_IssuesNothingTheSecondTime()
    {
        var pacer = new InjectPacer(new LoadPlan([new Inject(50, TimeSpan.FromSeconds(1))]));

        pacer.Take(TimeSpan.FromMilliseconds(500));
        var again = pacer.Take(TimeSpan.FromMilliseconds(500));

        Assert.Equal(0, again);
    }
}
