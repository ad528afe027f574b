using System.Diagnostics;
using FlashSale.LoadTests.Metrics;

namespace FlashSale.LoadTests.Console;

/// <summary>The live figures: totals, throughput since the previous snapshot, p50/p99 so far.</summary>
internal readonly record struct ProgressSnapshot(
    double Elapsed, double Planned, long Requests, long Ok, long Rejected, long Errors, double Rps, double P50Ms, double P99Ms);

/// <summary>Takes snapshots of running stats; merging the shards costs microseconds, twice a second.</summary>
internal sealed class ProgressSampler(RunStats stats, long startTimestamp, double plannedSeconds)
{
    private readonly long _start = startTimestamp;
    private long _lastRequests;
    private long _lastTimestamp = startTimestamp;

    public ProgressSnapshot Take()
    {
        var now = Stopwatch.GetTimestamp();
        var (requests, ok, rejected, errors) = stats.Totals();
        var seconds = (double)(now - _lastTimestamp) / Stopwatch.Frequency;
        var rps = seconds > 0 ? (requests - _lastRequests) / seconds : 0;
        _lastRequests = requests;
        _lastTimestamp = now;
        var latency = stats.MergedLatency();
        return new ProgressSnapshot(
            (double)(now - _start) / Stopwatch.Frequency,
            plannedSeconds,
            requests,
            ok,
            rejected,
            errors,
            rps,
            Latency.At(latency, 50) / 1000.0,
            Latency.At(latency, 99) / 1000.0);
    }
}
