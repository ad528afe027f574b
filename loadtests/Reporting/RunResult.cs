using FlashSale.LoadTests.Audit;
using FlashSale.LoadTests.Metrics;
using FlashSale.LoadTests.Thresholds;
using HdrHistogram;

namespace FlashSale.LoadTests.Reporting;

/// <summary>Latency percentiles in milliseconds.</summary>
internal sealed record Percentiles(double P50, double P75, double P95, double P99, double P999, double Max)
{
    public static Percentiles From(HistogramBase h) => new(
        Ms(Latency.At(h, 50)),
        Ms(Latency.At(h, 75)),
        Ms(Latency.At(h, 95)),
        Ms(Latency.At(h, 99)),
        Ms(Latency.At(h, 99.9)),
        Ms(Latency.Max(h)));

    private static double Ms(long micros) => micros / 1000.0;
}

/// <summary>One step's figures.</summary>
internal sealed record StepResult(
    string Name,
    long Requests,
    long Ok,
    IReadOnlyDictionary<int, long> Rejected,
    IReadOnlyDictionary<int, long> Errors,
    double Rps,
    Percentiles Latency,
    HistogramBase? Histogram = null);

/// <summary>Everything the reports show about one run.</summary>
internal sealed record RunResult
{
    public required string Scenario { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required double DurationSeconds { get; init; }

    public required IReadOnlyList<string> Targets { get; init; }

    public required string LoadDescription { get; init; }

    public required StepResult Total { get; init; }

    public required IReadOnlyList<StepResult> Steps { get; init; }

    public required IReadOnlyList<SeriesPoint> Series { get; init; }

    public required IReadOnlyList<ThresholdResult> Thresholds { get; init; }

    public AuditReport? Audit { get; init; }

    public long DroppedCalls { get; init; }

    public long Faults { get; init; }

    public required int ExitCode { get; init; }

    public double ErrorRate => Total.Requests == 0 ? 0 : (double)ErrorCount / Total.Requests;

    public long ErrorCount => Total.Errors.Values.Sum();

    public long RejectedCount => Total.Rejected.Values.Sum();
}
