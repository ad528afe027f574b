using HdrHistogram;

namespace FlashSale.LoadTests.Reporting;

/// <summary>HdrHistogram's standard percentile distribution text (.hgrm): a header line, one row per
/// percentile (value, percentile, total count, 1/(1-percentile)), then the #[Mean ...] footer.
/// Values are recorded in microseconds and written in milliseconds, the unit of every other report
/// and what HDR plotters label their axis with.</summary>
internal static class HgrmReport
{
    public const double MicrosPerMilli = 1000.0;

    public static void Write(HistogramBase histogram, TextWriter writer) =>
        histogram.OutputPercentileDistribution(writer, percentileTicksPerHalfDistance: 5, outputValueUnitScalingRatio: MicrosPerMilli);
}
