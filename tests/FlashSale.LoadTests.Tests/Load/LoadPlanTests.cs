using FlashSale.LoadTests.Load;

namespace FlashSale.LoadTests.Tests.Load;

public sealed class LoadPlanTests
{
    [Fact]
    public void ConcurrencyAt_RampThenConstant_FollowsTheStages()
    {
        var plan = new LoadPlan([new RampingConstant(100, TimeSpan.FromSeconds(10)), new KeepConstant(40, TimeSpan.FromSeconds(5))]);

        Assert.Equal(0, plan.ConcurrencyAt(TimeSpan.Zero));
        Assert.Equal(50, plan.ConcurrencyAt(TimeSpan.FromSeconds(5)));
        Assert.Equal(40, plan.ConcurrencyAt(TimeSpan.FromSeconds(12)));
        Assert.Equal(0, plan.ConcurrencyAt(TimeSpan.FromSeconds(15)));
        Assert.Equal(100, plan.MaxConcurrency);
        Assert.Equal(TimeSpan.FromSeconds(15), plan.Duration);
    }

    [Fact]
    public void Constructor_MixedModels_Throws()
    {
        Assert.Throws<ArgumentException>(() => new LoadPlan([new Inject(10, TimeSpan.FromSeconds(1)), new KeepConstant(5, TimeSpan.FromSeconds(1))]));
    }

    [Fact]
    public void WithWarmUp_PrependsAHoldAtTheFirstLevel()
    {
        var plan = new LoadPlan([new KeepConstant(8, TimeSpan.FromSeconds(3))]).WithWarmUp(TimeSpan.FromSeconds(2));

        Assert.Equal(TimeSpan.FromSeconds(5), plan.Duration);
        Assert.Equal(8, plan.ConcurrencyAt(TimeSpan.FromSeconds(1)));
    }
}
