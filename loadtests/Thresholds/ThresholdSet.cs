using System.Globalization;

namespace FlashSale.LoadTests.Thresholds;

/// <summary>The launch gate: limits a run must meet. Unset limits are not checked.</summary>
internal sealed record ThresholdSet
{
    public TimeSpan? MaxP50 { get; init; }

    public TimeSpan? MaxP99 { get; init; }

    public double? MinRps { get; init; }

    /// <summary>Errors (gRPC failures, not business rejections) over requests, 0–1.</summary>
    public double? MaxErrorRate { get; init; }

    public bool IsEmpty => MaxP50 is null && MaxP99 is null && MinRps is null && MaxErrorRate is null;

    public IReadOnlyList<ThresholdResult> Evaluate(Measured measured)
    {
        ArgumentNullException.ThrowIfNull(measured);
        var results = new List<ThresholdResult>();
        if (MaxP50 is { } p50)
        {
            results.Add(Max("p50", p50.TotalMilliseconds, measured.P50Ms, "ms"));
        }

        if (MaxP99 is { } p99)
        {
            results.Add(Max("p99", p99.TotalMilliseconds, measured.P99Ms, "ms"));
        }

        if (MinRps is { } rps)
        {
            results.Add(new ThresholdResult("rps", $"≥ {Format(rps)}/s", $"{Format(measured.Rps)}/s", measured.Rps >= rps));
        }

        if (MaxErrorRate is { } rate)
        {
            var actual = measured.Requests == 0 ? 0 : (double)measured.Errors / measured.Requests;
            results.Add(new ThresholdResult("error rate", $"≤ {Percent(rate)}", Percent(actual), actual <= rate));
        }

        return results;
    }

    private static ThresholdResult Max(string name, double limit, double actual, string unit) =>
        new(name, $"≤ {Format(limit)} {unit}", $"{Format(actual)} {unit}", actual <= limit);

    private static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Percent(double value) => (value * 100).ToString("0.####", CultureInfo.InvariantCulture) + "%";
}

/// <summary>The figures thresholds are checked against.</summary>
internal sealed record Measured(long Requests, long Errors, double Rps, double P50Ms, double P99Ms);

/// <summary>One threshold's verdict.</summary>
internal sealed record ThresholdResult(string Name, string Limit, string Actual, bool Passed);
