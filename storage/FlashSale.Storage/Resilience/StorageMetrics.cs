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

    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(
        "flashsale.storage.duration", unit: "s", description: "Storage calls (with retries), by outcome: ok, conflict, unavailable, error");

    internal static void Record(long startTimestamp, string outcome) =>
        Duration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, new KeyValuePair<string, object?>("outcome", outcome));
}
