using FlashSale.LoadTests.Audit;
using FlashSale.LoadTests.Metrics;
using FlashSale.LoadTests.Thresholds;

namespace FlashSale.LoadTests.Reporting;

/// <summary>Merges the per-worker shards into the figures the reports and thresholds use.</summary>
internal static class RunResultBuilder
{
    public static StepResult Step(StepStats step, double seconds)
    {
        var histogram = step.Merged();
        return new(step.Name, step.Requests, step.Ok, step.RejectedByCode(), step.ErrorsByStatus(), Rate(step.Requests, seconds), Percentiles.From(histogram), histogram);
    }

    public static StepResult Total(RunStats stats, double seconds)
    {
        var rejected = new SortedDictionary<int, long>();
        var errors = new SortedDictionary<int, long>();
        foreach (var step in stats.Steps)
        {
            Add(rejected, step.RejectedByCode());
            Add(errors, step.ErrorsByStatus());
        }

        var (requests, ok, _, _) = stats.Totals();
        var histogram = stats.MergedLatency();
        return new StepResult("all", requests, ok, rejected, errors, Rate(requests, seconds), Percentiles.From(histogram), histogram);
    }

    public static Measured Measured(StepResult total) =>
        new(total.Requests, total.Errors.Values.Sum(), total.Rps, total.Latency.P50, total.Latency.P99);

    public static int ExitCode(IReadOnlyList<ThresholdResult> thresholds, AuditReport? audit) => Verdict.ExitCode(thresholds, audit);

    private static double Rate(long count, double seconds) => seconds <= 0 ? 0 : count / seconds;

    private static void Add(SortedDictionary<int, long> into, IReadOnlyDictionary<int, long> from)
    {
        foreach (var (code, count) in from)
        {
            into[code] = into.GetValueOrDefault(code) + count;
        }
    }
}
