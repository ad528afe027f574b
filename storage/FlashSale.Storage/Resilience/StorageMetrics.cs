using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace FlashSale.Storage.Resilience;

/// <summary>Storage latency as seen by the grains: one histogram over every call that goes through
/// <see cref="StorageResilience"/> (grain state, drop orders, wallet ledgers, on SQLite and
/// PostgreSQL), retries and backoff included, tagged with the outcome. Part of the silo's
/// "FlashSale" meter, which /metrics exports.</summary>
public static class StorageMetrics
{
    /// <summary>The meter every FlashSale instrument belongs to.</summary>
    public const string MeterName = "FlashSale";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Bucket bounds in seconds for FlashSale's latency histograms (exporters' defaults
    /// are made for milliseconds): 100 µs … 10 s.</summary>
    public static readonly IReadOnlyList<double> SecondsBuckets =
        [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private static readonly Histogram<double> Duration = Meter.CreateHistogram(
        "flashsale.storage.duration", unit: "s", description: "Storage calls (with retries), by outcome: ok, conflict, unavailable, error",
        tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });

    internal static void Record(long startTimestamp, string outcome) =>
        Duration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, new KeyValuePair<string, object?>("outcome", outcome));
}
