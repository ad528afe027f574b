using HdrHistogram;

namespace FlashSale.LoadTests.Metrics;

/// <summary>Latency histograms come from HdrHistogram: values in microseconds, thread-safe
/// <see cref="LongConcurrentHistogram"/> for recording from many workers at once.</summary>
internal static class Latency
{
    /// <summary>Values above this (one hour in µs) are clamped: a call never waits that long (deadlines).</summary>
    public const long MaxTrackable = 3_600_000_000L;

    /// <summary>Three significant digits: a reported value is within 0.1 % of the recorded one.</summary>
    public const int Digits = 3;

    /// <summary>A histogram many threads may record into at once.</summary>
    public static LongConcurrentHistogram Concurrent(int digits = Digits) => new(1, MaxTrackable, digits);

    /// <summary>An empty single-threaded histogram to merge shards into (for reports).</summary>
    public static LongHistogram Empty() => new(1, MaxTrackable, Digits);

    public static void Record(HistogramBase histogram, long micros) =>
        histogram.RecordValue(Math.Clamp(micros, 0, MaxTrackable));

    /// <summary>The value at a percentile (0–100), 0 for an empty histogram.</summary>
    public static long At(HistogramBase histogram, double percentile) =>
        histogram.TotalCount == 0 ? 0 : histogram.GetValueAtPercentile(percentile);

    /// <summary>The largest recorded value (to the histogram's precision), 0 for an empty histogram.</summary>
    public static long Max(HistogramBase histogram) => histogram.TotalCount == 0 ? 0 : histogram.GetMaxValue();
}
