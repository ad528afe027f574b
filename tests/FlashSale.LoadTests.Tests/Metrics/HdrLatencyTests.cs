using FlashSale.LoadTests.Metrics;
using FlashSale.LoadTests.Reporting;

namespace FlashSale.LoadTests.Tests.Metrics;

/// <summary>Latencies recorded through HdrHistogram: known values give known percentiles, from many threads.</summary>
public sealed class HdrLatencyTests
{
    [Fact]
    public async Task StepStats_OneToTenThousandFromParallelWorkers_GivesExactCountAndPercentilesInMs()
    {
        var step = new StepStats("grab", shards: 4);
        var workers = Enumerable.Range(0, 8).Select(w => Task.Run(() =>
        {
            for (var v = 1 + w; v <= 10_000; v += 8)
            {
                step.Record(w, Outcome.Ok, v);
            }
        }));

        await Task.WhenAll(workers);

        var merged = step.Merged();
        Assert.Equal(10_000, merged.TotalCount);
        Assert.Equal(10_000, step.Ok);
        var p = Percentiles.From(merged);
        // three significant digits: within 0.1 % of the exact value (µs 5000 → 5.000 ms)
        Assert.InRange(p.P50, 4.995, 5.005);
        Assert.InRange(p.P75, 7.49, 7.51);
        Assert.InRange(p.P95, 9.49, 9.51);
        Assert.InRange(p.P99, 9.89, 9.91);
        Assert.InRange(p.P999, 9.98, 10.0);
        Assert.InRange(p.Max, 9.99, 10.01);
    }

    [Fact]
    public void Percentiles_SmallValues_AreExact()
    {
        var step = new StepStats("x", 2);
        for (var v = 0; v < 200; v++)
        {
            step.Record(v, Outcome.Ok, v);
        }

        var h = step.Merged();
        Assert.Equal(99, Latency.At(h, 50));
        Assert.Equal(199, Latency.At(h, 100));
        Assert.Equal(199, Latency.Max(h));
    }

    [Fact]
    public void Percentiles_Empty_AreZero()
    {
        var p = Percentiles.From(new StepStats("x", 1).Merged());

        Assert.Equal(new Percentiles(0, 0, 0, 0, 0, 0), p);
    }

    [Fact]
    public void Record_BeyondTrackable_IsClampedNotThrown()
    {
        var step = new StepStats("x", 1);

        step.Record(0, Outcome.Ok, long.MaxValue);
        step.Record(0, Outcome.Ok, -5);

        var h = step.Merged();
        Assert.Equal(2, h.TotalCount);
        Assert.True(Latency.Max(h) >= Latency.MaxTrackable);
    }

    [Fact]
    public void RunStats_MergedLatency_AddsEverySteps()
    {
        var stats = new RunStats(["a", "b"], 2, 5);
        stats.StartMeasuring(0);
        for (var i = 0; i < 100; i++)
        {
            stats.RecordValue(0, i, Outcome.Ok, 1_000);
            stats.RecordValue(1, i, Outcome.Ok, 3_000);
        }

        var all = stats.MergedLatency();

        Assert.Equal(200, all.TotalCount);
        Assert.InRange(Latency.At(all, 50), 999, 1_001);
        Assert.InRange(Latency.At(all, 51), 2_997, 3_003);
    }
}
