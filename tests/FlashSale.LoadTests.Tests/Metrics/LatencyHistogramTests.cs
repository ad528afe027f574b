using FlashSale.LoadTests.Metrics;

namespace FlashSale.LoadTests.Tests.Metrics;

public sealed class LatencyHistogramTests
{
    private static readonly double[] Percentiles = [50, 75, 95, 99, 99.9, 100];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void ValueAtPercentile_RandomSamples_StaysWithinRelativeErrorOfExactPercentile(int seed)
    {
        var random = new Random(seed);
        var histogram = new LatencyHistogram();
        var samples = new long[50_000];
        for (var i = 0; i < samples.Length; i++)
        {
            // Log-uniform from 1 µs to ~10 s: every bucket magnitude gets exercised.
            samples[i] = (long)Math.Exp(random.NextDouble() * Math.Log(10_000_000));
            histogram.Record(samples[i]);
        }

        Array.Sort(samples);
        foreach (var p in Percentiles)
        {
            var rank = Math.Max(1, (long)Math.Ceiling(p / 100 * samples.Length));
            var exact = samples[rank - 1];
            var reported = histogram.ValueAtPercentile(p);
            Assert.InRange(reported, exact - (exact * histogram.RelativeError) - 1, exact + (exact * histogram.RelativeError) + 1);
        }

        Assert.Equal(samples[^1], histogram.Max);
        Assert.Equal(samples.Length, histogram.Count);
    }

    [Fact]
    public void ValueAtPercentile_SmallValues_AreExact()
    {
        var histogram = new LatencyHistogram();
        for (var v = 0; v < 200; v++)
        {
            histogram.Record(v);
        }

        Assert.Equal(99, histogram.ValueAtPercentile(50));
        Assert.Equal(199, histogram.ValueAtPercentile(100));
        Assert.Equal(0, histogram.Min);
    }

    [Fact]
    public void Add_MergesShards_SameAsRecordingIntoOne()
    {
        var random = new Random(7);
        var one = new LatencyHistogram();
        var shards = new[] { new LatencyHistogram(), new LatencyHistogram(), new LatencyHistogram() };
        for (var i = 0; i < 10_000; i++)
        {
            var v = random.NextInt64(1, 5_000_000);
            one.Record(v);
            shards[i % shards.Length].Record(v);
        }

        var merged = new LatencyHistogram();
        foreach (var shard in shards)
        {
            merged.Add(shard);
        }

        Assert.Equal(one.Count, merged.Count);
        Assert.Equal(one.Max, merged.Max);
        foreach (var p in Percentiles)
        {
            Assert.Equal(one.ValueAtPercentile(p), merged.ValueAtPercentile(p));
        }
    }

    [Fact]
    public void Record_ConcurrentWriters_LoseNoCounts()
    {
        var histogram = new LatencyHistogram();
        Parallel.For(0, 4, _ =>
        {
            for (var i = 0; i < 25_000; i++)
            {
                histogram.Record(i);
            }
        });

        Assert.Equal(100_000, histogram.Count);
        Assert.Equal(24_999, histogram.Max);
    }

    [Fact]
    public void ValueAtPercentile_Empty_IsZero()
    {
        var histogram = new LatencyHistogram();

        Assert.Equal(0, histogram.ValueAtPercentile(99));
        Assert.Equal(0, histogram.Max);
    }
}
