using FlashSale.Silo.Monitoring;
using FlashSale.Silo.Monitoring.Alerts;
using FlashSale.Testing;

namespace FlashSale.Silo.Tests.Monitoring;

public sealed class AlertRulesTests
{
    private static readonly AlertOptions Defaults = new();

    [Fact]
    public void LowStock_FiresBelowFiftyUnitsOfAnOpenDrop()
    {
        var atFifty = Evaluate([new DropStock("d1", 50)]);
        var atFortyNine = Evaluate([new DropStock("d1", 50), new DropStock("d2", 49)]);

        Assert.False(atFifty[AlertRules.LowStock].Active);
        Assert.True(atFortyNine[AlertRules.LowStock].Active);
        Assert.Contains("d2: 49 left", atFortyNine[AlertRules.LowStock].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void RefundRate_FiresAboveFifteenPercentWithEnoughPayments()
    {
        var (time, stats) = NewStats();
        Pay(stats, 100);
        Refund(stats, 15);
        var atFifteen = Evaluate([], stats);
        Refund(stats, 1);
        var aboveFifteen = Evaluate([], stats);
        time.Advance(Defaults.RefundWindow + TimeSpan.FromSeconds(1));
        var windowPassed = Evaluate([], stats);

        Assert.False(atFifteen[AlertRules.RefundRate].Active);
        Assert.True(aboveFifteen[AlertRules.RefundRate].Active);
        Assert.False(windowPassed[AlertRules.RefundRate].Active);
    }

    [Fact]
    public void RefundRate_WithTooFewPayments_StaysQuiet()
    {
        var (_, stats) = NewStats();
        Pay(stats, Defaults.RefundMinPayments - 1);
        Refund(stats, Defaults.RefundMinPayments - 1);

        Assert.False(Evaluate([], stats)[AlertRules.RefundRate].Active);
    }

    [Fact]
    public void GrabTrafficDrop_FiresWhenTheLastWindowIsThirtyPercentBelowThePrevious()
    {
        var (time, stats) = NewStats();
        Grabs(stats, 1_000);
        time.Advance(Defaults.TrafficWindow);
        Grabs(stats, 701);
        var down29 = Evaluate([], stats);
        var (time2, stats2) = NewStats();
        Grabs(stats2, 1_000);
        time2.Advance(Defaults.TrafficWindow);
        Grabs(stats2, 700);
        var down30 = Evaluate([], stats2);

        Assert.False(down29[AlertRules.GrabTrafficDrop].Active);
        Assert.True(down30[AlertRules.GrabTrafficDrop].Active);
    }

    [Fact]
    public void ViewersDrop_ComparesTheMeanOfTheSamples()
    {
        var (time, stats) = NewStats();
        stats.RecordViewers(1_000);
        stats.RecordViewers(1_000);
        time.Advance(Defaults.TrafficWindow);
        stats.RecordViewers(800);
        var down20 = Evaluate([], stats);
        stats.RecordViewers(400);
        var down40 = Evaluate([], stats);

        Assert.False(down20[AlertRules.ViewersDrop].Active);
        Assert.True(down40[AlertRules.ViewersDrop].Active);
    }

    [Fact]
    public void RejectionSpike_NeedsTheMinimumAndTheFactor()
    {
        var (time, stats) = NewStats();
        stats.RecordRejection("sold_out", 20);
        time.Advance(Defaults.RejectionWindow);
        stats.RecordRejection("sold_out", 59);
        var belowFactor = Evaluate([], stats);
        stats.RecordRejection("blocklisted", 1);
        var atFactor = Evaluate([], stats);

        Assert.False(belowFactor[AlertRules.RejectionSpike].Active);
        Assert.True(atFactor[AlertRules.RejectionSpike].Active);
        Assert.Contains("sold_out 59", atFactor[AlertRules.RejectionSpike].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Thresholds_ComeFromOptions()
    {
        var options = new AlertOptions { LowStockUnits = 5 };
        var verdicts = AlertRules.Evaluate(AlertInputs.From([new DropStock("d1", 10)], NewStats().Stats, options), options);

        Assert.False(verdicts.Single(v => v.Name == AlertRules.LowStock).Active);
    }

    private static (FakeTimeProvider Time, LiveStats Stats) NewStats()
    {
        var time = new FakeTimeProvider();
        return (time, new LiveStats(time));
    }

    private static Dictionary<string, AlertVerdict> Evaluate(IReadOnlyList<DropStock> drops, LiveStats? stats = null)
    {
        using var own = stats is null ? new LiveStats(new FakeTimeProvider()) : null;
        return AlertRules.Evaluate(AlertInputs.From(drops, stats ?? own!, Defaults), Defaults).ToDictionary(v => v.Name);
    }

    private static void Pay(LiveStats stats, int count)
    {
        for (var i = 0; i < count; i++)
        {
            stats.RecordPayment();
        }
    }

    private static void Refund(LiveStats stats, int count)
    {
        for (var i = 0; i < count; i++)
        {
            stats.RecordRefund();
        }
    }

    private static void Grabs(LiveStats stats, int count)
    {
        for (var i = 0; i < count; i++)
        {
            stats.RecordGrab(ok: true, null, TimeSpan.FromMilliseconds(1));
        }
    }
}
